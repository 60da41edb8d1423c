"""SigV2 through boto3 (signature_version='s3'), one line of output per check (read by test/sigv2.test.ts).

Usage: sigv2_boto3.py <bucket>   with OKS3_ENDPOINT, OKS3_ACCESS_KEY, OKS3_SECRET_KEY set.
"""
import hashlib
import os
import sys
import urllib.error
import urllib.request
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = os.environ["OKS3_ENDPOINT"]
bucket = sys.argv[1]
s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    aws_access_key_id=os.environ["OKS3_ACCESS_KEY"],
    aws_secret_access_key=os.environ["OKS3_SECRET_KEY"],
    region_name="us-east-1",
    config=Config(signature_version="s3", s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)


def fetch(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, dict(res.headers), res.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def error_of(call):
    try:
        call()
        return "no error"
    except ClientError as err:
        return f"{err.response['ResponseMetadata']['HTTPStatusCode']} {err.response['Error']['Code']}"


# PUT, HEAD and GET with user metadata and a content type (both signed).
s3.put_object(Bucket=bucket, Key="dir/hello.txt", Body=b"hello v2", ContentType="text/plain",
              Metadata={"colour": "blue"})
head = s3.head_object(Bucket=bucket, Key="dir/hello.txt")
print(f"head: {head['ContentLength']} {head['ContentType']} {head['Metadata']}")
print(f"get: {s3.get_object(Bucket=bucket, Key='dir/hello.txt')['Body'].read().decode()}")

# A key that needs escaping: the signature covers the path as sent.
s3.put_object(Bucket=bucket, Key="dir/a b+c ü.txt", Body=b"odd")
print(f"odd key: {s3.get_object(Bucket=bucket, Key='dir/a b+c ü.txt')['Body'].read().decode()}")

# Listing: prefix and max-keys are unsigned parameters.
listing = s3.list_objects(Bucket=bucket, Prefix="dir/", MaxKeys=10)
print(f"list: {sorted(o['Key'] for o in listing['Contents'])}")
listing2 = s3.list_objects_v2(Bucket=bucket, Prefix="dir/")
print(f"list v2: {listing2['KeyCount']}")

# Multipart: ?uploads, ?partNumber&uploadId and ?uploadId are signed sub-resources.
part1 = os.urandom(5 * 1024 * 1024)
part2 = b"tail of the object"
upload = s3.create_multipart_upload(Bucket=bucket, Key="big.bin")
uid = upload["UploadId"]
e1 = s3.upload_part(Bucket=bucket, Key="big.bin", UploadId=uid, PartNumber=1, Body=part1)["ETag"]
e2 = s3.upload_part(Bucket=bucket, Key="big.bin", UploadId=uid, PartNumber=2, Body=part2)["ETag"]
print(f"parts: {[p['PartNumber'] for p in s3.list_parts(Bucket=bucket, Key='big.bin', UploadId=uid)['Parts']]}")
s3.complete_multipart_upload(Bucket=bucket, Key="big.bin", UploadId=uid, MultipartUpload={
    "Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
body = s3.get_object(Bucket=bucket, Key="big.bin")["Body"].read()
same = hashlib.md5(body).hexdigest() == hashlib.md5(part1 + part2).hexdigest()
print(f"multipart: {len(body)} {same}")

# Presigned GET (what awscli v1 `aws s3 presign` makes), with a signed response override.
url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "dir/hello.txt"}, ExpiresIn=300)
status, _, data = fetch(url)
print(f"presigned get: {'AWSAccessKeyId=' in url and 'Expires=' in url} {status} {data.decode()}")
url = s3.generate_presigned_url("get_object", ExpiresIn=300, Params={
    "Bucket": bucket, "Key": "dir/hello.txt", "ResponseContentDisposition": "attachment; filename=x.txt"})
status, headers, _ = fetch(url)
print(f"presigned override: {status} {headers.get('Content-Disposition')}")
status, _, data = fetch(url.replace("response-content-disposition=attachment", "response-content-disposition=inline"))
print(f"presigned override changed: {status} {b'SignatureDoesNotMatch' in data}")

# Presigned PUT: the Content-Type line is signed, so the uploader sends the type it was given.
url = s3.generate_presigned_url("put_object", ExpiresIn=300,
                                Params={"Bucket": bucket, "Key": "presigned-put.txt", "ContentType": "text/plain"})
status, _, _ = fetch(url, data=b"put by url", method="PUT", headers={"Content-Type": "text/plain"})
bad, _, data = fetch(url, data=b"put by url", method="PUT", headers={"Content-Type": "text/html"})
print(f"presigned put other type: {bad} {b'<Code>SignatureDoesNotMatch</Code>' in data}")
print(f"presigned put: {status} {s3.get_object(Bucket=bucket, Key='presigned-put.txt')['Body'].read().decode()}")

# POST policy signed with SigV2 (AWSAccessKeyId, policy, signature).
post = s3.generate_presigned_post(bucket, "posted/${filename}", ExpiresIn=300,
                                  Conditions=[["starts-with", "$key", "posted/"], ["content-length-range", 1, 100]])
print(f"post fields: {sorted(k for k in post['fields'] if k != 'key')}")


def post_form(fields, content):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.txt"\r\n'
                 f'Content-Type: text/plain\r\n\r\n'.encode() + content + f'\r\n--{boundary}--\r\n'.encode())
    status, _, data = fetch(post["url"], data=b"".join(parts), method="POST",
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    return status, data


status, _ = post_form(post["fields"], b"form body")
print(f"post: {status} {s3.get_object(Bucket=bucket, Key='posted/form.txt')['Body'].read().decode()}")
status, data = post_form({**post["fields"], "signature": "AAAA" + post["fields"]["signature"][4:]}, b"x")
print(f"post tampered: {status} {b'<Code>SignatureDoesNotMatch</Code>' in data}")
status, data = post_form(post["fields"], b"x" * 200)
print(f"post too large: {status} {b'<Code>EntityTooLarge</Code>' in data}")

# Delete, then the object is gone.
s3.delete_object(Bucket=bucket, Key="dir/hello.txt")
print(f"deleted: {error_of(lambda: s3.head_object(Bucket=bucket, Key='dir/hello.txt'))}")
s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "big.bin"}, {"Key": "dir/a b+c ü.txt"}]})
print(f"batch deleted: {s3.list_objects(Bucket=bucket, Prefix='dir/').get('Contents', [])}")

# A wrong secret is refused.
wrong = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=os.environ["OKS3_ACCESS_KEY"],
                     aws_secret_access_key="not-the-secret", region_name="us-east-1",
                     config=Config(signature_version="s3", s3={"addressing_style": "path"},
                                   retries={"max_attempts": 1}))
print(f"wrong secret: {error_of(lambda: wrong.list_objects(Bucket=bucket))}")
