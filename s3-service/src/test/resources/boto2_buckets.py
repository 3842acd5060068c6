"""Bucket operations through boto 2 (SigV2, path style). Prints one `name=value` line per check;
S3BucketBoto2IT asserts them. Usage: boto2_buckets.py PORT"""
import sys

import boto
import boto.s3.connection
from boto.exception import S3CreateError, S3ResponseError

port = int(sys.argv[1])
conn = boto.s3.connection.S3Connection(
    aws_access_key_id='test', aws_secret_access_key='test', is_secure=False,
    host='127.0.0.1', port=port, calling_format=boto.s3.connection.OrdinaryCallingFormat())


def out(name, value):
    print('%s=%s' % (name, value))
    sys.stdout.flush()


def error(name, call):
    try:
        call()
        out(name, 'no error')
    except (S3ResponseError, S3CreateError) as e:
        out(name, '%s %s' % (e.status, e.error_code))


bucket = conn.create_bucket('boto2-bucket')
out('create', bucket.name)
out('list', ','.join(sorted(b.name for b in conn.get_all_buckets())))
out('creation_date', [b.creation_date for b in conn.get_all_buckets() if b.name == 'boto2-bucket'][0])
out('head', conn.head_bucket('boto2-bucket').name)
out('location', repr(conn.get_bucket('boto2-bucket', validate=False).get_location()))
out('recreate', conn.create_bucket('boto2-bucket').name)

eu = conn.create_bucket('boto2-eu', location='EU')
out('location_eu', eu.get_location())
error('recreate_eu', lambda: conn.create_bucket('boto2-eu', location='EU'))

error('head_missing', lambda: conn.head_bucket('boto2-missing'))
error('delete_missing', lambda: conn.delete_bucket('boto2-missing'))
error('location_missing', lambda: conn.get_bucket('boto2-missing', validate=False).get_location())
# boto 2 refuses upper case itself; an underscore reaches the server
error('invalid_name', lambda: conn.create_bucket('bad_name'))
error('invalid_ip_name', lambda: conn.create_bucket('10.1.2.3'))
error('invalid_location', lambda: conn.create_bucket('boto2-bad-loc', location='nowhere-1'))

conn.delete_bucket('boto2-bucket')
conn.delete_bucket('boto2-eu')
out('after_delete', ','.join(sorted(b.name for b in conn.get_all_buckets())))
error('head_deleted', lambda: conn.head_bucket('boto2-bucket'))
