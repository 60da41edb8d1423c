"""Block Public Access and Object Ownership through boto3, one line of output per check (read by
test/public-access-block.test.ts and test/object-ownership.test.ts).

Usage: bucket_controls_boto3.py <pab|ownership> <bucket>   with OKS3_ENDPOINT, OKS3_ACCESS_KEY,
OKS3_SECRET_KEY set.
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
mode, bucket = sys.argv[1], sys.argv[2]
s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    aws_access_key_id=os.environ["OKS3_ACCESS_KEY"],
    aws_secret_access_key=os.environ["OKS3_SECRET_KEY"],
    region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)
ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}


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


def public_access_block():
    s3.create_bucket(Bucket=bucket, ObjectOwnership="ObjectWriter")
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="pub.txt", Body=b"hello", ACL="public-read")
    print("open:", anonymous_get("pub.txt"))
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=ALL)
    print("config:", s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == ALL)
    print("blocked:", anonymous_get("pub.txt"))
    print("public acl:", error_of(lambda: s3.put_object(Bucket=bucket, Key="x", Body=b"x", ACL="public-read")))
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]})
    print("public policy:", error_of(lambda: s3.put_bucket_policy(Bucket=bucket, Policy=policy)))
    s3.delete_public_access_block(Bucket=bucket)
    print("deleted:", error_of(lambda: s3.get_public_access_block(Bucket=bucket)))
    print("reopened:", anonymous_get("pub.txt"))


def ownership():
    refused = error_of(lambda: s3.create_bucket(Bucket=bucket, ObjectOwnership="BucketOwnerEnforced", ACL="public-read"))
    print("create with acl:", refused)
    s3.create_bucket(Bucket=bucket, ObjectOwnership="BucketOwnerEnforced")
    rules = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"]
    print("rules:", rules)
    print("public acl:", error_of(lambda: s3.put_object(Bucket=bucket, Key="x", Body=b"x", ACL="public-read")))
    s3.put_object(Bucket=bucket, Key="pub.txt", Body=b"hello", ACL="bucket-owner-full-control")
    grants = s3.get_object_acl(Bucket=bucket, Key="pub.txt")["Grants"]
    print("grants:", [g["Permission"] for g in grants])
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_object_acl(Bucket=bucket, Key="pub.txt", ACL="public-read")
    print("published:", anonymous_get("pub.txt"))
    s3.delete_bucket_ownership_controls(Bucket=bucket)
    print("deleted:", error_of(lambda: s3.get_bucket_ownership_controls(Bucket=bucket)))


{"pab": public_access_block, "ownership": ownership}[mode]()
