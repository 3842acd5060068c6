"""Object operations through boto 2 (SigV2, path style). Prints one `name=value` line per check;
S3ObjectBoto2IT asserts them. Usage: boto2_objects.py PORT"""
import hashlib
import sys

import boto
import boto.s3.connection
from boto.exception import S3ResponseError

port = int(sys.argv[1])
conn = boto.s3.connection.S3Connection(
    aws_access_key_id='test', aws_secret_access_key='test', is_secure=False,
    host='127.0.0.1', port=port, calling_format=boto.s3.connection.OrdinaryCallingFormat())


def out(name, value):
    print('%s=%s' % (name, value))
    sys.stdout.flush()


bucket = conn.create_bucket('boto2-objects')
data = b'boto two bytes ' * 1000
k = bucket.new_key('dir/a key+plus')
k.set_metadata('colour', 'red')
k.set_contents_from_string(data, headers={'Content-Type': 'text/plain'})  # sends Content-MD5
out('etag', k.etag)
out('md5', hashlib.md5(data).hexdigest())
got = bucket.get_key('dir/a key+plus')
out('size', got.size)
out('colour', got.get_metadata('colour'))
out('content_type', got.content_type)
out('body_ok', got.get_contents_as_string() == data)
bucket.new_key('top').set_contents_from_string(b'x')
out('list', ','.join(sorted(x.name for x in bucket.list())))
out('list_delim', ','.join(sorted(x.name for x in bucket.list(delimiter='/'))))
try:
    bucket.new_key('missing').get_contents_as_string()
    out('missing', 'no error')
except S3ResponseError as e:
    out('missing', '%s %s' % (e.status, e.error_code))
for key in bucket.list():
    key.delete()
conn.delete_bucket('boto2-objects')
out('done', 'yes')
