"""SelectObjectContent through Debian's boto3: the event stream's Records, Stats and End, and a request error. Prints
one `name=value` line per check; S3SelectIT asserts them. Usage: boto3_select.py PORT (the IT put people.csv)"""
import sys

import boto3
import botocore.exceptions
from botocore.config import Config

from boto3_checks import error, out

s3 = boto3.client('s3', endpoint_url='http://127.0.0.1:%s' % sys.argv[1], region_name='us-east-1',
                  aws_access_key_id='test', aws_secret_access_key='test',
                  config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
B = 'select-it'

got = s3.select_object_content(Bucket=B, Key='people.csv', ExpressionType='SQL',
                               Expression="SELECT s.name FROM S3Object s WHERE CAST(s.age AS INT) > 28",
                               InputSerialization={'CSV': {'FileHeaderInfo': 'USE'}},
                               OutputSerialization={'CSV': {'RecordDelimiter': '|'}})
records, scanned, end = b'', None, False
for event in got['Payload']:
    if 'Records' in event:
        records += event['Records']['Payload']
    elif 'Stats' in event:
        scanned = event['Stats']['Details']['BytesScanned']
    elif 'End' in event:
        end = True
out('records', records.decode())
out('scanned', scanned)
out('end', end)
out('bad_header', error(s3.select_object_content, Bucket=B, Key='people.csv', ExpressionType='SQL',
                        Expression='SELECT * FROM S3Object', InputSerialization={'CSV': {'FileHeaderInfo': 'MAYBE'}},
                        OutputSerialization={'CSV': {}}))
try:
    failing = s3.select_object_content(Bucket=B, Key='people.csv', ExpressionType='SQL',
                                       Expression='SELECT CAST(s.name AS INT) FROM S3Object s',
                                       InputSerialization={'CSV': {'FileHeaderInfo': 'USE'}},
                                       OutputSerialization={'CSV': {}})
    for event in failing['Payload']:
        pass
    out('cast_error', 'no error')
except botocore.exceptions.EventStreamError as e:  # an error event while streaming
    out('cast_error', e.response['Error']['Code'])
out('done', 'yes')
