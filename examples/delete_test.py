"""Deletes the object uploaded by upload_test.py (bucket `b`, key `a/d/book.pdf` by default).

    python delete_test.py [--key KEY]
"""
import argparse
import sys

from oks3_client import BUCKET, KEY, client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--key", default=KEY, help=f"object key (default {KEY})")
    args = parser.parse_args()
    client().delete_object(Bucket=BUCKET, Key=args.key)
    print("Deleted!")
    return 0


if __name__ == "__main__":
    sys.exit(main())
