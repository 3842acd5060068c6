"""S3 through Debian's boto3 (SigV4 and SigV2, path style, s3transfer multipart). Prints one `name=value` line per
check; S3Boto3IT asserts them. Usage: boto3_s3.py PORT"""
import hashlib
import io
import os
import sys
import urllib.request

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

from boto3_checks import error, out

endpoint = 'http://127.0.0.1:%s' % sys.argv[1]


def client(signature='s3v4'):
    return boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='test',
                        aws_secret_access_key='test',
                        config=Config(s3={'addressing_style': 'path'}, signature_version=signature,
                                      retries={'max_attempts': 1}))


s3 = client()
B = 'boto3-objects'
s3.create_bucket(Bucket=B)
out('create_bad_name', error(s3.create_bucket, Bucket='Bad_Name'))
out('list_no_bucket', error(s3.list_objects_v2, Bucket='boto3-none'))

key = 'dir/a b+c.txt'
s3.put_object(Bucket=B, Key=key, Body=b'hello', ContentType='text/plain', Metadata={'colour': 'red'})
got = s3.get_object(Bucket=B, Key=key)
out('get', '%s %s %s %s' % (got['Body'].read().decode(), got['ContentType'], got['Metadata']['colour'], got['ETag']))
out('range', s3.get_object(Bucket=B, Key=key, Range='bytes=1-3')['Body'].read().decode())
out('head_missing', error(s3.head_object, Bucket=B, Key='missing'))
out('get_missing', error(s3.get_object, Bucket=B, Key='missing'))
out('if_match', error(s3.get_object, Bucket=B, Key=key, IfMatch='"nope"'))
out('list', ','.join(o['Key'] for o in s3.list_objects_v2(Bucket=B)['Contents']))
out('list_v1_url', s3.list_objects(Bucket=B, EncodingType='url')['Contents'][0]['Key'])

data = os.urandom(17 * 1024 * 1024)
s3.upload_fileobj(io.BytesIO(data), B, 'big', Config=TransferConfig(
    multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=4))
down = io.BytesIO()
s3.download_fileobj(B, 'big', down, Config=TransferConfig(
    multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=4))
out('multipart_same', hashlib.md5(down.getvalue()).hexdigest() == hashlib.md5(data).hexdigest())
out('multipart_etag', s3.head_object(Bucket=B, Key='big')['ETag'])

url = s3.generate_presigned_url('get_object', Params={'Bucket': B, 'Key': key}, ExpiresIn=60)
out('presigned', urllib.request.urlopen(url).read().decode())
out('sigv2', client('s3').get_object(Bucket=B, Key=key)['Body'].read().decode())
bad = boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='test',
                   aws_secret_access_key='wrong', config=Config(s3={'addressing_style': 'path'}))
out('bad_secret', error(bad.get_object, Bucket=B, Key=key))

s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Enabled'})
v1 = s3.put_object(Bucket=B, Key='v', Body=b'one')['VersionId']
s3.put_object(Bucket=B, Key='v', Body=b'two')
out('versions', len(s3.list_object_versions(Bucket=B, Prefix='v')['Versions']))
out('get_v1', s3.get_object(Bucket=B, Key='v', VersionId=v1)['Body'].read().decode())
deleted = s3.delete_objects(Bucket=B, Delete={'Objects': [{'Key': 'v'}, {'Key': 'big'}]})['Deleted']
out('delete_markers', ','.join('%s:%s' % (d['Key'], d['DeleteMarker']) for d in deleted))
out('copy_etag', s3.copy_object(Bucket=B, Key='copy', CopySource={'Bucket': B, 'Key': key})['CopyObjectResult']['ETag'])
s3.put_object_tagging(Bucket=B, Key='copy', Tagging={'TagSet': [{'Key': 't', 'Value': '1'}]})
out('tags', s3.get_object_tagging(Bucket=B, Key='copy')['TagSet'])
out('acl', s3.get_object_acl(Bucket=B, Key='copy')['Grants'][0]['Permission'])
out('checksum', s3.put_object(Bucket=B, Key='sum', Body=b'abc', ChecksumAlgorithm='SHA256')['ChecksumSHA256'])
out('attributes', s3.get_object_attributes(Bucket=B, Key='sum', ObjectAttributes=['ObjectSize'])['ObjectSize'])
out('no_cors', error(s3.get_bucket_cors, Bucket=B))
out('no_policy', error(s3.get_bucket_policy, Bucket=B))
out('no_lifecycle', error(s3.get_bucket_lifecycle_configuration, Bucket=B))
out('not_empty', error(s3.delete_bucket, Bucket=B))
out('location', s3.get_bucket_location(Bucket=B)['LocationConstraint'])
out('done', 'yes')
