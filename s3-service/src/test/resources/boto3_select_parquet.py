"""SelectObjectContent over a Parquet object through Debian's boto3: typed columns, and an unsupported codec's error
event. Prints one `name=value` line per check; S3SelectParquetIT asserts them. Usage: boto3_select_parquet.py PORT
(the IT put people.parquet and people-zstd.parquet)"""
import sys

import boto3
import botocore.exceptions
from botocore.config import Config

from boto3_checks import out

s3 = boto3.client('s3', endpoint_url='http://127.0.0.1:%s' % sys.argv[1], region_name='us-east-1',
                  aws_access_key_id='test', aws_secret_access_key='test',
                  config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
B = 'select-parquet-it'

got = s3.select_object_content(Bucket=B, Key='people.parquet', ExpressionType='SQL',
                               Expression="SELECT s.name FROM S3Object s WHERE s.id > 2",
                               InputSerialization={'Parquet': {}},
                               OutputSerialization={'CSV': {'RecordDelimiter': '|'}})
records = b''
for event in got['Payload']:
    if 'Records' in event:
        records += event['Records']['Payload']
out('records', records.decode())
try:
    failing = s3.select_object_content(Bucket=B, Key='people-zstd.parquet', ExpressionType='SQL',
                                       Expression='SELECT * FROM S3Object', InputSerialization={'Parquet': {}},
                                       OutputSerialization={'CSV': {}})
    for event in failing['Payload']:
        pass
    out('zstd', 'no error')
except botocore.exceptions.EventStreamError as e:  # an error event while streaming
    out('zstd', e.response['Error']['Code'])
out('done', 'yes')
