"""SimpleDB through boto 2 (SigV2 HmacSHA256, GET with the signature in the query string; the batch
calls POST), plus hand-signed HmacSHA1 requests. Prints one `name=value` line per check;
SimpleDbBoto2IT asserts them. Usage: boto2_sdb.py PORT"""
import base64
import hashlib
import hmac
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import boto
from boto.exception import SDBResponseError
from boto.sdb.connection import SDBConnection
from boto.sdb.item import Item
from boto.sdb.regioninfo import SDBRegionInfo

port = int(sys.argv[1])


def connect(key, secret):
    # boto 2 takes the host from the region's endpoint, not from host=
    return SDBConnection(aws_access_key_id=key, aws_secret_access_key=secret, is_secure=False, port=port,
                         region=SDBRegionInfo(name='us-east-1', endpoint='127.0.0.1'), path='/')


def out(name, value):
    print('%s=%s' % (name, value))
    sys.stdout.flush()


def error(name, call):
    try:
        call()
        out(name, 'no error')
    except SDBResponseError as e:
        out(name, '%s %s' % (e.status, e.error_code))


conn = connect('test', 'test')

# the book's scenario: snapshot bookkeeping
domain = conn.create_domain('boto2-snapshots')
out('create', domain.name)
out('list', ','.join(sorted(d.name for d in conn.get_all_domains())))
domain.put_attributes('snap-1234', {'expires': '2010-08-01 12:00:00'})
domain.put_attributes('snap-5678', {'expires': '2010-08-03 12:00:00'})
rows = list(domain.select("select * from `boto2-snapshots` where expires < '2010-08-02 00:00:00'", consistent_read=True))
out('select', ';'.join('%s:%s' % (r.name, dict(r)) for r in rows))
out('get', dict(domain.get_attributes('snap-1234', consistent_read=True)))
domain.delete_attributes('snap-1234')
out('after_delete', ','.join(sorted(r.name for r in domain.select("select * from `boto2-snapshots`", consistent_read=True))))
out('get_deleted', dict(domain.get_attributes('snap-1234', consistent_read=True)))

# multi-valued attributes, replace, conditional put
domain.put_attributes('multi', {'color': ['red', 'blue']}, replace=False)
out('multi', sorted(domain.get_attributes('multi')['color']))
domain.put_attributes('multi', {'color': 'green'}, replace=True)
out('replaced', domain.get_attributes('multi')['color'])
error('conditional', lambda: domain.put_attributes('multi', {'color': 'x'}, expected_value=['color', 'red']))
domain.put_attributes('multi', {'color': 'yellow'}, expected_value=['color', 'green'])
error('conditional_absent', lambda: domain.put_attributes('multi', {'size': 'x'}, expected_value=['color', False]))
out('conditional_ok', domain.get_attributes('multi')['color'])

# batches (POST) and metadata
domain.batch_put_attributes({'b1': {'n': '1'}, 'b2': {'n': '2'}, 'b3': {'n': '3'}})
domain.batch_delete_attributes({'b1': None, 'b2': {'n': '2'}})
out('batch', ','.join(sorted(r.name for r in domain.select("select itemName() from `boto2-snapshots` where n > '0'"))))
md = conn.domain_metadata(domain)
out('metadata', '%s %s %s' % (md.item_count, md.attr_name_count, md.attr_value_count))
out('count', [dict(r) for r in domain.select("select count(*) from `boto2-snapshots`")][0]['Count'])

# (boto 2.49 cannot decode <Value encoding="base64"> on Python 3.9+: it calls base64.decodestring)

# errors
error('no_such_domain', lambda: conn.get_domain('boto2-missing', validate=True))
error('bad_query', lambda: list(domain.select('select * from `boto2-snapshots` where')))
error('bad_domain_name', lambda: conn.create_domain('ab'))
error('wrong_secret', lambda: connect('test', 'wrong').get_all_domains())
out('unknown_key', ','.join(d.name for d in connect('AKIDSTRANGER', 'whatever').get_all_domains()))


# HmacSHA1 SigV2, signed by hand, over GET and POST
def sigv2_sha1(verb, params, secret='test'):
    params = dict(params, AWSAccessKeyId='test', SignatureVersion='2', SignatureMethod='HmacSHA1',
                  Timestamp=time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), Version='2009-04-15')
    query = '&'.join('%s=%s' % (urllib.parse.quote(k, safe='-_.~'), urllib.parse.quote(v, safe='-_.~'))
                     for k, v in sorted(params.items()))
    to_sign = '%s\n127.0.0.1:%d\n/\n%s' % (verb, port, query)
    sig = base64.b64encode(hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
    body = query + '&Signature=' + urllib.parse.quote(sig, safe='-_.~')
    url = 'http://127.0.0.1:%d/' % port
    if verb == 'GET':
        req = urllib.request.Request(url + '?' + body, method='GET')
    else:
        req = urllib.request.Request(url, data=body.encode(), method='POST',
                                     headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


status, body = sigv2_sha1('GET', {'Action': 'GetAttributes', 'DomainName': 'boto2-snapshots', 'ItemName': 'snap-5678'})
out('sha1_get', '%s %s' % (status, '<Value>2010-08-03 12:00:00</Value>' in body))
status, body = sigv2_sha1('POST', {'Action': 'PutAttributes', 'DomainName': 'boto2-snapshots', 'ItemName': 'sha1',
                                   'Attribute.1.Name': 'k', 'Attribute.1.Value': 'v'})
out('sha1_post', '%s %s' % (status, '<PutAttributesResponse' in body))
status, body = sigv2_sha1('GET', {'Action': 'ListDomains'}, secret='wrong')
out('sha1_wrong', '%s %s' % (status, '<Code>SignatureDoesNotMatch</Code>' in body))

conn.delete_domain('boto2-snapshots')
out('deleted', ','.join(d.name for d in conn.get_all_domains()))
