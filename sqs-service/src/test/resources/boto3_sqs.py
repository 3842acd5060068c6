"""SQS through Debian's boto3 1.26 (botocore 1.29: the Query protocol, form posts to the endpoint). Prints one
`name=value` line per check; SqsBoto3IT asserts them. Usage: boto3_sqs.py PORT"""
import json
import sys

import boto3
from botocore.config import Config

from boto3_checks import error, out

sqs = boto3.client('sqs', endpoint_url='http://127.0.0.1:%s' % sys.argv[1], region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test', config=Config(retries={'max_attempts': 1}))


url = sqs.create_queue(QueueName='boto3-queue', Attributes={'VisibilityTimeout': '5'})['QueueUrl']
out('url', url)
out('same_again', sqs.create_queue(QueueName='boto3-queue', Attributes={'VisibilityTimeout': '5'})['QueueUrl'] == url)
out('different_again', error(sqs.create_queue, QueueName='boto3-queue', Attributes={'VisibilityTimeout': '6'}))
out('bad_attribute', error(sqs.create_queue, QueueName='boto3-x', Attributes={'VisibilityTimeout': '99999'}))
out('missing', error(sqs.get_queue_url, QueueName='boto3-missing'))

sent = sqs.send_message(QueueUrl=url, MessageBody='hello', MessageAttributes={
    'a': {'DataType': 'String', 'StringValue': 'x'},
    'n': {'DataType': 'Number', 'StringValue': '1'},
    'b': {'DataType': 'Binary', 'BinaryValue': b'\x00\x01'}})
out('md5_body', sent['MD5OfMessageBody'])
m = sqs.receive_message(QueueUrl=url, MessageAttributeNames=['All'], AttributeNames=['All'], WaitTimeSeconds=1)['Messages'][0]
out('received', '%s %s %s' % (m['Body'], ','.join(sorted(m['MessageAttributes'])), m['MessageAttributes']['b']['BinaryValue'].hex()))
out('receive_count', m['Attributes']['ApproximateReceiveCount'])
out('md5_attributes_match', m['MD5OfMessageAttributes'] == sent['MD5OfMessageAttributes'])
sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m['ReceiptHandle'], VisibilityTimeout=0)
again = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, AttributeNames=['ApproximateReceiveCount'])['Messages'][0]
out('receive_count_again', again['Attributes']['ApproximateReceiveCount'])
sqs.delete_message(QueueUrl=url, ReceiptHandle=again['ReceiptHandle'])
out('bad_handle', error(sqs.delete_message, QueueUrl=url, ReceiptHandle='garbage'))

batch = sqs.send_message_batch(QueueUrl=url, Entries=[{'Id': str(i), 'MessageBody': 'm%d' % i} for i in range(10)])
out('batch', '%d %d' % (len(batch['Successful']), len(batch.get('Failed', []))))
out('batch_too_many', error(sqs.send_message_batch, QueueUrl=url,
                            Entries=[{'Id': str(i), 'MessageBody': 'm'} for i in range(11)]))
out('batch_same_ids', error(sqs.send_message_batch, QueueUrl=url,
                            Entries=[{'Id': 'x', 'MessageBody': 'm'}, {'Id': 'x', 'MessageBody': 'm'}]))
attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['All'])['Attributes']
out('attributes', '%s %s %s' % (attrs['ApproximateNumberOfMessages'], attrs['QueueArn'], attrs['VisibilityTimeout']))
sqs.purge_queue(QueueUrl=url)
out('purge_again', error(sqs.purge_queue, QueueUrl=url))

fifo = sqs.create_queue(QueueName='boto3-queue.fifo',
                        Attributes={'FifoQueue': 'true', 'ContentBasedDeduplication': 'true'})['QueueUrl']
first = sqs.send_message(QueueUrl=fifo, MessageBody='x', MessageGroupId='g')
second = sqs.send_message(QueueUrl=fifo, MessageBody='x', MessageGroupId='g')
out('fifo_deduplicated', first['MessageId'] == second['MessageId'] and first['SequenceNumber'] == second['SequenceNumber'])
out('fifo_no_group', error(sqs.send_message, QueueUrl=fifo, MessageBody='x'))

sqs.tag_queue(QueueUrl=url, Tags={'team': 'a'})
out('tags', sqs.list_queue_tags(QueueUrl=url)['Tags'])
out('listed', ','.join(u.rsplit('/', 1)[1] for u in sqs.list_queues(QueueNamePrefix='boto3')['QueueUrls']))
dlq = sqs.create_queue(QueueName='boto3-dlq')['QueueUrl']
dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
sqs.set_queue_attributes(QueueUrl=url, Attributes={
    'RedrivePolicy': json.dumps({'deadLetterTargetArn': dlq_arn, 'maxReceiveCount': '1'})})
out('dlq_sources', ','.join(u.rsplit('/', 1)[1] for u in sqs.list_dead_letter_source_queues(QueueUrl=dlq)['queueUrls']))
sqs.add_permission(QueueUrl=url, Label='l', AWSAccountIds=['111111111111'], Actions=['SendMessage'])
out('permission_again', error(sqs.add_permission, QueueUrl=url, Label='l', AWSAccountIds=['111111111111'],
                              Actions=['SendMessage']))
sqs.delete_queue(QueueUrl=url)
out('deleted', error(sqs.get_queue_attributes, QueueUrl=url))
out('done', 'yes')
