"""Bucket CORS through boto3, one line of output per step (read by test/cors.test.ts).

Usage: cors_boto3.py <bucket>   with OKS3_ENDPOINT, OKS3_ACCESS_KEY, OKS3_SECRET_KEY set.
"""
import json
import sys

from botocore.exceptions import ClientError
from boto3_support import client

bucket = sys.argv[1]
s3 = client()


def error_code(call):
    try:
        call()
        return "none"
    except ClientError as err:
        return f"{err.response['ResponseMetadata']['HTTPStatusCode']} {err.response['Error']['Code']}"


print("before", error_code(lambda: s3.get_bucket_cors(Bucket=bucket)))
s3.put_bucket_cors(
    Bucket=bucket,
    CORSConfiguration={
        "CORSRules": [
            {
                "ID": "site",
                "AllowedOrigins": ["https://site.example"],
                "AllowedMethods": ["GET", "HEAD"],
                "AllowedHeaders": ["Authorization"],
                "ExposeHeaders": ["ETag"],
                "MaxAgeSeconds": 3000,
            }
        ]
    },
)
print("rules", json.dumps(s3.get_bucket_cors(Bucket=bucket)["CORSRules"], sort_keys=True, separators=(",", ":")))
print("bad", error_code(lambda: s3.put_bucket_cors(
    Bucket=bucket,
    CORSConfiguration={"CORSRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["TRACE"]}]},
)))
print("deleted", s3.delete_bucket_cors(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"])
print("after", error_code(lambda: s3.get_bucket_cors(Bucket=bucket)))
