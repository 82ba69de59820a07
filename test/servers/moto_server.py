#!/usr/bin/env python3
"""moto (the AWS service mock) as a server with IAM signature checking switched on.

Starts moto's ThreadedMotoServer on a free loopback port, then, while requests are still unauthenticated, creates
through boto3:
  - an IAM user with an access key and an inline policy that allows everything (so only the signature decides),
  - a second user with a valid key whom a policy denies everything (a policy denial),
  - a role that the user may assume (for STS AssumeRole), with the same policy,
  - optionally S3 buckets (--bucket NAME, repeatable), e.g. a warehouse for Nessie,
and finally switches authentication on (POST /moto-api/reset-auth with body 0: no more unauthenticated actions).
From then on every request must carry a valid SigV4 signature of a known key (the user's, or an assumed role's).

Prints one JSON line on stdout once ready:
  {"ready": true, "port": N, "uri": "http://127.0.0.1:N", "region": "...", "accessKeyId": "...",
   "secretAccessKey": "...", "roleArn": "...", "accountId": "...", "buckets": [...]}
Stops when stdin is closed or on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request

from lifecycle import stop_on_signals, wait_until_stopped

DENY_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})
ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def log(msg: str) -> None:
    sys.stderr.write(f"[moto_server] {msg}\n")
    sys.stderr.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--bucket", action="append", default=[])
    parser.add_argument("--user", default="nsb-tester")
    parser.add_argument("--role", default="nsb-reader")
    args = parser.parse_args()

    stop = stop_on_signals(log)
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    uri = f"http://{host}:{port}"

    # Setup runs before authentication is on: any key works until reset-auth.
    setup = dict(endpoint_url=uri, region_name=args.region, aws_access_key_id="setup", aws_secret_access_key="setup")
    iam = boto3.client("iam", **setup)
    user = iam.create_user(UserName=args.user)["User"]
    iam.put_user_policy(UserName=args.user, PolicyName="allow-all", PolicyDocument=ALLOW_ALL)
    key = iam.create_access_key(UserName=args.user)["AccessKey"]
    account = user["Arn"].split(":")[4]
    # A second user whose key is valid but whom a policy denies everything: a policy denial, not a signature problem.
    iam.create_user(UserName=f"{args.user}-denied")
    iam.put_user_policy(UserName=f"{args.user}-denied", PolicyName="deny-all", PolicyDocument=DENY_ALL)
    denied = iam.create_access_key(UserName=f"{args.user}-denied")["AccessKey"]
    trust = json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole"}],
    })
    role = iam.create_role(RoleName=args.role, AssumeRolePolicyDocument=trust)["Role"]
    iam.put_role_policy(RoleName=args.role, PolicyName="allow-all", PolicyDocument=ALLOW_ALL)
    s3 = boto3.client("s3", **setup)
    for bucket in args.bucket:
        s3.create_bucket(Bucket=bucket)

    # Authentication on, from the next request: body "0" = no further unauthenticated actions.
    # Not form-encoded: moto reads the raw body, which Flask leaves empty for a form.
    req = urllib.request.Request(f"{uri}/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()
    log(f"listening on {uri}; IAM signature checks are on")

    print(json.dumps({
        "ready": True,
        "port": port,
        "uri": uri,
        "region": args.region,
        "accessKeyId": key["AccessKeyId"],
        "secretAccessKey": key["SecretAccessKey"],
        "deniedAccessKeyId": denied["AccessKeyId"],
        "deniedSecretAccessKey": denied["SecretAccessKey"],
        "userArn": user["Arn"],
        "roleArn": role["Arn"],
        "accountId": account,
        "buckets": args.bucket,
    }), flush=True)
    try:
        wait_until_stopped(stop, log)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
