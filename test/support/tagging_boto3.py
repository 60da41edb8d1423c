"""Object and bucket tagging through boto3, one line of output per step (read by test/tagging-boto3.test.ts).

Usage: tagging_boto3.py <bucket>   with OKS3_ENDPOINT, OKS3_ACCESS_KEY, OKS3_SECRET_KEY set.
"""
import sys

from boto3_support import client, error

bucket = sys.argv[1]
s3 = client()


def tags(**kw):
    return [(t["Key"], t["Value"]) for t in s3.get_object_tagging(Bucket=bucket, **kw)["TagSet"]]


s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="doc", Body=b"hello", Tagging="team=blue&stage=draft")
print("put:", tags(Key="doc"))
print("head count:", s3.head_object(Bucket=bucket, Key="doc")["ResponseMetadata"]["HTTPHeaders"].get("x-amz-tagging-count"))
s3.put_object_tagging(
    Bucket=bucket, Key="doc", Tagging={"TagSet": [{"Key": "stage", "Value": "final"}]}
)
print("replaced:", tags(Key="doc"))
s3.copy_object(
    Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "doc"},
    TaggingDirective="REPLACE", Tagging="copied=yes",
)
print("copy:", tags(Key="copy"))
eleven = [{"Key": f"k{i}", "Value": "v"} for i in range(11)]
print("eleven:", error(lambda: s3.put_object_tagging(Bucket=bucket, Key="doc", Tagging={"TagSet": eleven})))
dup = [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]
print("duplicate:", error(lambda: s3.put_object_tagging(Bucket=bucket, Key="doc", Tagging={"TagSet": dup})))
s3.delete_object_tagging(Bucket=bucket, Key="doc")
print("deleted:", tags(Key="doc"))
print("no bucket tags:", error(lambda: s3.get_bucket_tagging(Bucket=bucket)))
s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "owner", "Value": "ops"}]})
print("bucket:", [(t["Key"], t["Value"]) for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]])
s3.delete_bucket_tagging(Bucket=bucket)
print("bucket deleted:", error(lambda: s3.get_bucket_tagging(Bucket=bucket)))
