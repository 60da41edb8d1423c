"""What the boto3 scripts beside this file share: the client they talk to OK-S3 with, and how they
print a refused call. Python finds this module because it sits in the scripts' own folder."""
import os

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def client():
    """A path-style client for OKS3_ENDPOINT with OKS3_ACCESS_KEY/OKS3_SECRET_KEY, no retries."""
    return boto3.client(
        "s3",
        endpoint_url=os.environ["OKS3_ENDPOINT"],
        aws_access_key_id=os.environ["OKS3_ACCESS_KEY"],
        aws_secret_access_key=os.environ["OKS3_SECRET_KEY"],
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def error(call):
    """'none' when `call` succeeds, else '<status> <code> <message>' of the S3 error it got."""
    try:
        call()
        return "none"
    except ClientError as err:
        e = err.response["Error"]
        return f"{err.response['ResponseMetadata']['HTTPStatusCode']} {e['Code']} {e['Message']}"
