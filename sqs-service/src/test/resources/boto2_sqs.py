# boto 2 (Debian's python3-boto) against awsemu's SQS: Query API 2012-11-05, requests posted to queue URLs.
# Prints key=value lines the Java test asserts on.
import sys
import boto
from boto.sqs.connection import SQSConnection
from boto.sqs.message import RawMessage
from boto.sqs.regioninfo import SQSRegionInfo

port = int(sys.argv[1])
conn = SQSConnection(aws_access_key_id='test', aws_secret_access_key='test', is_secure=False, port=port,
                     region=SQSRegionInfo(name='us-east-1', endpoint='127.0.0.1'))

q = conn.create_queue('boto2-queue', visibility_timeout=40)
print('url=' + q.url)
print('visibility=' + conn.get_queue_attributes(q, 'VisibilityTimeout')['VisibilityTimeout'])
print('listed=' + ','.join(x.name for x in conn.get_all_queues(prefix='boto2')))
q.set_message_class(RawMessage)
m = RawMessage()
m.set_body('hello from 2012')
q.write(m)
print('count=' + str(q.count()))
got = q.read(visibility_timeout=5)
print('body=' + got.get_body())
print('deleted=' + str(q.delete_message(got)))
print('empty=' + str(q.read() is None))
try:
    conn.get_queue_attributes(boto.sqs.queue.Queue(conn, 'http://127.0.0.1:%d/000000000000/missing' % port))
    print('missing=no error')
except boto.exception.SQSError as e:
    print('missing=%d %s' % (e.status, e.error_code))
print('lookup=' + str(conn.get_queue('nope') is None))
print('deleted_queue=' + str(conn.delete_queue(q)))
