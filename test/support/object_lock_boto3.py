"""Object Lock through boto3, one line of output per step (read by test/object-lock-boto3.test.ts).

Usage: object_lock_boto3.py <bucket> <account-id> <account-key-id> <account-secret>
with OKS3_ENDPOINT, OKS3_ACCESS_KEY, OKS3_SECRET_KEY set (root, the bucket owner). The account
may delete object versions by the bucket policy this script sets, without the bypass permission.
"""
import datetime
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

bucket, other_account, other_key, other_secret = sys.argv[1:5]


def client(key, secret):
    return boto3.client(
        "s3",
        endpoint_url=os.environ["OKS3_ENDPOINT"],
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


s3 = client(os.environ["OKS3_ACCESS_KEY"], os.environ["OKS3_SECRET_KEY"])
other = client(other_key, other_secret)


def error(call):
    try:
        call()
        return "none"
    except ClientError as err:
        e = err.response["Error"]
        return f"{err.response['ResponseMetadata']['HTTPStatusCode']} {e['Code']}"


tomorrow = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
print("versioning:", s3.get_bucket_versioning(Bucket=bucket)["Status"])
print("suspend:", error(lambda: s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})))
s3.put_object_lock_configuration(
    Bucket=bucket,
    ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled",
        "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}},
    },
)
print("config:", s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]["Rule"])
v = s3.put_object(Bucket=bucket, Key="doc", Body=b"kept")["VersionId"]
head = s3.head_object(Bucket=bucket, Key="doc")
print("default:", head["ObjectLockMode"], head["ObjectLockRetainUntilDate"] > tomorrow - datetime.timedelta(minutes=5))
print("delete:", error(lambda: s3.delete_object(Bucket=bucket, Key="doc", VersionId=v)))
s3.put_bucket_policy(
    Bucket=bucket,
    Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": other_account},
            "Action": ["s3:DeleteObjectVersion"],
            "Resource": f"arn:aws:s3:::{bucket}/*",
        }],
    }),
)
print("other bypass:", error(lambda: other.delete_object(Bucket=bucket, Key="doc", VersionId=v, BypassGovernanceRetention=True)))
c = s3.put_object(
    Bucket=bucket, Key="comp", Body=b"compliance", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=tomorrow
)["VersionId"]
print("compliance bypass:", error(lambda: s3.delete_object(Bucket=bucket, Key="comp", VersionId=c, BypassGovernanceRetention=True)))
print(
    "compliance shorten:",
    error(lambda: s3.put_object_retention(
        Bucket=bucket, Key="comp", VersionId=c, BypassGovernanceRetention=True,
        Retention={"Mode": "COMPLIANCE", "RetainUntilDate": tomorrow - datetime.timedelta(hours=1)},
    )),
)
s3.put_object_legal_hold(Bucket=bucket, Key="doc", VersionId=v, LegalHold={"Status": "ON"})
print("hold:", s3.get_object_legal_hold(Bucket=bucket, Key="doc", VersionId=v)["LegalHold"]["Status"])
print("held bypass:", error(lambda: s3.delete_object(Bucket=bucket, Key="doc", VersionId=v, BypassGovernanceRetention=True)))
s3.put_object_legal_hold(Bucket=bucket, Key="doc", VersionId=v, LegalHold={"Status": "OFF"})
print("owner bypass:", error(lambda: s3.delete_object(Bucket=bucket, Key="doc", VersionId=v, BypassGovernanceRetention=True)))
