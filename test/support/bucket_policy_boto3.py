"""Bucket policies through boto3, one line of output per check (read by test/bucket-policy-boto3.test.ts).

Usage: bucket_policy_boto3.py <bucket>   with OKS3_ENDPOINT, OKS3_ACCESS_KEY, OKS3_SECRET_KEY set.
"""
import json
import os
import sys
import urllib.error
import urllib.request

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
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)


def anonymous_get(key):
    try:
        with urllib.request.urlopen(f"{endpoint}/{bucket}/{key}") as res:
            return f"{res.status} {res.read().decode()}"
    except urllib.error.HTTPError as err:
        return f"{err.code}"


def error_of(call):
    try:
        call()
    except ClientError as err:
        e = err.response["Error"]
        return f"{err.response['ResponseMetadata']['HTTPStatusCode']} {e['Code']} {e['Message']}"
    return "no error"


s3.create_bucket(Bucket=bucket)
# New buckets block public policies, as on S3: a bucket to publish lets them first.
s3.delete_public_access_block(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="pub/hello.txt", Body=b"hello")
print("before:", anonymous_get("pub/hello.txt"))
policy = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                   "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/pub/*"}],
})
s3.put_bucket_policy(Bucket=bucket, Policy=policy)
print("same policy:", s3.get_bucket_policy(Bucket=bucket)["Policy"] == policy)
print("public:", s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"])
print("after:", anonymous_get("pub/hello.txt"))
print("malformed:", error_of(lambda: s3.put_bucket_policy(Bucket=bucket, Policy='{"Statement": []}')))
s3.delete_bucket_policy(Bucket=bucket)
print("deleted:", error_of(lambda: s3.get_bucket_policy(Bucket=bucket)))
print("closed:", anonymous_get("pub/hello.txt"))
