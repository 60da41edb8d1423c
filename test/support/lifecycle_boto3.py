"""Bucket lifecycle through boto3, one line of output per step (read by test/lifecycle-boto3.test.ts).

Usage: lifecycle_boto3.py <bucket> <day-seconds>   with OKS3_ENDPOINT, OKS3_ACCESS_KEY, OKS3_SECRET_KEY set.
The server's lifecycle day is <day-seconds> long and its executor runs every second.
"""
import sys
import time

from boto3_support import client, error

bucket = sys.argv[1]
day_seconds = int(sys.argv[2])
s3 = client()


def keys():
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


s3.create_bucket(Bucket=bucket)
print("none:", error(lambda: s3.get_bucket_lifecycle_configuration(Bucket=bucket)))
rules = [
    {"ID": "tmp", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 1}},
    {
        "ID": "uploads",
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    },
]
s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
print("round trip:", got == rules)
print(
    "transition:",
    error(
        lambda: s3.put_bucket_lifecycle_configuration(
            Bucket=bucket,
            LifecycleConfiguration={
                "Rules": [
                    {
                        "ID": "t",
                        "Status": "Enabled",
                        "Filter": {},
                        "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}],
                    }
                ]
            },
        )
    ).split(":")[0],
)
put = s3.put_object(Bucket=bucket, Key="tmp/a", Body=b"a")
print("header rule:", put["Expiration"].split("rule-id=")[1])
s3.put_object(Bucket=bucket, Key="kept", Body=b"k")
upload = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=1, Body=b"p" * 1000)


def uploads():
    return [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])]


print("upload open:", uploads() == [upload])
deadline = time.time() + 2 * day_seconds + 8
while ("tmp/a" in keys() or uploads()) and time.time() < deadline:
    time.sleep(0.2)
print("after expiry:", keys())
print("uploads after abort:", uploads())
print("parts:", error(lambda: s3.list_parts(Bucket=bucket, Key="big", UploadId=upload)).split(" ")[1])
s3.delete_bucket_lifecycle(Bucket=bucket)
print("deleted:", error(lambda: s3.get_bucket_lifecycle_configuration(Bucket=bucket)))
