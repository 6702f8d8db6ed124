"""Signs requests with botocore's own SigV4 signers, for S3Tests to compare against.

Reads JSON Lines on stdin, each:
  {"kind": "sign" | "presign", "method", "url", "headers": [[name, value], ...], "body": <utf-8 text>,
   "access", "secret", "token" (or null), "region", "timestamp": "YYYYMMDDTHHMMSSZ", "expires": seconds}
Writes one JSON line per input: {"headers": {lowercase name: value}} for "sign" (S3SigV4Auth, as
boto3's S3 client signs), {"url": ...} for "presign" (S3SigV4QueryAuth, as generate_presigned_url).
"""
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        fixed = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
        botocore.auth.get_current_datetime = lambda: fixed
        credentials = Credentials(case["access"], case["secret"], case.get("token"))
        request = AWSRequest(
            method=case["method"], url=case["url"], headers=dict(case.get("headers") or []),
            data=case.get("body", "").encode("utf-8"))
        if case["kind"] == "sign":
            botocore.auth.S3SigV4Auth(credentials, "s3", case["region"]).add_auth(request)
            print(json.dumps({"headers": {k.lower(): v for k, v in request.headers.items()}}))
        else:
            botocore.auth.S3SigV4QueryAuth(credentials, "s3", case["region"], expires=case["expires"]).add_auth(request)
            print(json.dumps({"url": request.url}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
