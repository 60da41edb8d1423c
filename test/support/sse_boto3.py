"""Server-side encryption through boto3, one line of output per step (read by test/sse-boto3.test.ts).

Usage: sse_boto3.py <bucket>   with OKS3_ENDPOINT, OKS3_ACCESS_KEY, OKS3_SECRET_KEY set.
"""
import os
import sys

from boto3_support import client, error

bucket = sys.argv[1]
s3 = client()


def sse(res):
    return res.get("ServerSideEncryption"), res.get("SSEKMSKeyId")


body = os.urandom(300_000)
s3.create_bucket(Bucket=bucket)
print("put s3:", sse(s3.put_object(Bucket=bucket, Key="s3", Body=body, ServerSideEncryption="AES256")))
got = s3.get_object(Bucket=bucket, Key="s3")
print("get s3:", sse(got), got["Body"].read() == body)
print("put kms:", sse(s3.put_object(Bucket=bucket, Key="kms", Body=body, ServerSideEncryption="aws:kms", SSEKMSKeyId="beta")))
print("head kms:", sse(s3.head_object(Bucket=bucket, Key="kms")))
print("unknown key:", error(lambda: s3.put_object(Bucket=bucket, Key="x", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="nope")))
print("no default:", error(lambda: s3.get_bucket_encryption(Bucket=bucket)))
s3.put_bucket_encryption(
    Bucket=bucket,
    ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
)
rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
print("default:", rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], rule["BucketKeyEnabled"])
print("put default:", sse(s3.put_object(Bucket=bucket, Key="default", Body=b"small")))
copy = s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "kms"}, ServerSideEncryption="aws:kms", SSEKMSKeyId="alpha")
print("copy:", sse(copy), s3.get_object(Bucket=bucket, Key="copy")["Body"].read() == body)
s3.delete_bucket_encryption(Bucket=bucket)
print("deleted:", error(lambda: s3.get_bucket_encryption(Bucket=bucket)))
