"""Shared settings for the OK-S3 examples: the same OKS3_* variables and dev defaults as the server."""
import os

import boto3
from botocore.config import Config

DEV_ACCESS_KEY = "oks3-dev-access-key"
DEV_SECRET_KEY = "oks3-dev-secret-key-change-me"

BUCKET = "b"
KEY = "a/d/book.pdf"


def endpoint() -> str:
    """OKS3_ENDPOINT, or http://localhost:$OKS3_PORT (5000 by default)."""
    return os.environ.get("OKS3_ENDPOINT") or f"http://localhost:{os.environ.get('OKS3_PORT', '5000')}"


def client():
    return boto3.client(
        "s3",
        endpoint_url=endpoint(),
        aws_access_key_id=os.environ.get("OKS3_ACCESS_KEY", DEV_ACCESS_KEY),
        aws_secret_access_key=os.environ.get("OKS3_SECRET_KEY", DEV_SECRET_KEY),
        region_name=os.environ.get("OKS3_REGION", "us-east-1"),
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
    )
