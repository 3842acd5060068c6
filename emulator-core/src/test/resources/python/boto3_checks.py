"""What the boto3 test scripts share (Boto2.boto3 puts this directory on PYTHONPATH): one `name=value` line per
check, and a call's error as "STATUS Code"."""
import sys

import botocore


def out(name, value):
    print('%s=%s' % (name, value))
    sys.stdout.flush()


def error(call, **kwargs):
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as e:
        return '%s %s' % (e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Code'])
    return 'no error'
