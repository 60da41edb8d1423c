"""Uploads a file to OK-S3 by multipart upload in 5 MiB parts, as the original project did.

    python upload_test.py [FILE] [--key KEY] [--part-size MIB]

With no FILE, a ~25 MB test file is generated. The bucket `b` is created if missing and published
the way S3 asks for since April 2023 (new buckets block public access and disable ACLs): its
public access block is deleted and a bucket policy lets anyone list it and read its objects, so
the printed URL downloads the file in a browser.
"""
import argparse
import json
import os
import sys
import tempfile

from botocore.exceptions import ClientError
from tqdm import tqdm

from oks3_client import BUCKET, KEY, client, endpoint

MIB = 1024 * 1024


def ensure_bucket(s3) -> None:
    try:
        s3.head_bucket(Bucket=BUCKET)
    except ClientError as err:
        if err.response["Error"]["Code"] not in ("404", "NoSuchBucket"):
            raise
        s3.create_bucket(Bucket=BUCKET)


def publish_bucket(s3) -> None:
    """Anyone may list the bucket and read its objects: the standard public-read bucket policy."""
    s3.delete_public_access_block(Bucket=BUCKET)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "PublicList", "Effect": "Allow", "Principal": "*",
             "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{BUCKET}"},
            {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
             "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"},
        ],
    }
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))


def generated_file() -> str:
    """A ~25 MB file of random bytes (incompressible, so deduplication has real work to do)."""
    handle, path = tempfile.mkstemp(prefix="oks3-book-", suffix=".pdf")
    with os.fdopen(handle, "wb") as out:
        for _ in range(25):
            out.write(os.urandom(MIB))
    return path


def upload(s3, path: str, key: str, part_size: int) -> str:
    size = os.path.getsize(path)
    upload_id = s3.create_multipart_upload(
        Bucket=BUCKET,
        Key=key,
        ContentType="application/pdf",
        ContentDisposition=f'attachment; filename="{os.path.basename(key)}"',
    )["UploadId"]
    parts = []
    try:
        with open(path, "rb") as source, tqdm(total=size, unit="B", unit_scale=True, desc=key) as bar:
            number = 1
            while chunk := source.read(part_size):
                etag = s3.upload_part(Bucket=BUCKET, Key=key, UploadId=upload_id, PartNumber=number, Body=chunk)["ETag"]
                parts.append({"PartNumber": number, "ETag": etag})
                bar.update(len(chunk))
                number += 1
        done = s3.complete_multipart_upload(
            Bucket=BUCKET, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
        )
    except BaseException:
        s3.abort_multipart_upload(Bucket=BUCKET, Key=key, UploadId=upload_id)
        raise
    return done["ETag"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", help="file to upload (default: a generated ~25 MB file)")
    parser.add_argument("--key", default=KEY, help=f"object key (default {KEY})")
    parser.add_argument("--part-size", type=int, default=5, help="part size in MiB (default 5)")
    args = parser.parse_args()

    path = args.file or generated_file()
    s3 = client()
    ensure_bucket(s3)
    publish_bucket(s3)
    upload(s3, path, args.key, args.part_size * MIB)
    print("OK")
    print(f"{endpoint()}/{BUCKET}/{args.key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
