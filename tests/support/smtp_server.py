"""A real SMTP server for dsar's tests, built on aiosmtpd (Debian: python3-aiosmtpd).

Run with the system Python (/usr/bin/python3), where the Debian package lives.
Binds 127.0.0.1 on a free port, prints that port on stdout, then serves until killed.
Every accepted message is saved under --dir as NNNN.eml (the bytes as received)
and NNNN.json (the envelope); the .json is written last, by rename, so a reader
never sees half a message.
"""

import argparse
import asyncio
import json
import logging
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

FAULTS = (
    "none",
    "reject_rcpt_4xx",
    "reject_rcpt_5xx",
    "reject_data_4xx",
    "reject_data_5xx",
    "drop_mid_message",
)


class Handler:
    def __init__(self, folder, fault, data_delay):
        self.folder = folder
        self.fault = fault
        self.data_delay = data_delay
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.fault == "reject_rcpt_4xx":
            return "451 4.3.0 Recipient deferred, try again later"
        if self.fault == "reject_rcpt_5xx":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fault == "reject_data_4xx":
            return "451 4.3.0 Mail queue full, try again later"
        if self.fault == "reject_data_5xx":
            return "554 5.7.1 Message refused as spam"
        if self.fault == "drop_mid_message":
            # The data has arrived; hang up without a reply and without keeping it.
            # Closing the connection cancels this coroutine, so the sleep never ends.
            server.transport.abort()
            await asyncio.sleep(3600)
        self.count += 1
        name = f"{self.count:04}"
        with open(os.path.join(self.folder, name + ".eml"), "wb") as f:
            f.write(envelope.original_content)
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}
        tmp = os.path.join(self.folder, name + ".json.tmp")
        with open(tmp, "w") as f:
            json.dump(meta, f)
        os.rename(tmp, os.path.join(self.folder, name + ".json"))
        if self.data_delay:
            # A slow server: the message is kept, the reply comes late. A client
            # killed meanwhile cannot know the message arrived.
            await asyncio.sleep(self.data_delay)
        return f"250 2.0.0 OK queued as {name}"


def tls_context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True, help="folder for received messages")
    p.add_argument("--cert", help="server certificate (PEM)")
    p.add_argument("--key", help="server key (PEM)")
    p.add_argument("--security", choices=("plain", "starttls", "tls"), default="plain")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--fault", choices=FAULTS, default="none")
    p.add_argument("--data-delay", type=float, default=0.0, help="seconds to wait before answering the data")
    args = p.parse_args()

    logging.basicConfig(level=logging.ERROR)  # aiosmtpd warns about its own deprecations
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Handler(args.dir, args.fault, args.data_delay)
    ctx = tls_context(args.cert, args.key) if args.security != "plain" else None

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == args.user.encode()
            and auth_data.password == args.password.encode()
        )
        # handled=False: aiosmtpd then answers a failure itself (535 5.7.8).
        return AuthResult(success=ok, handled=False)

    auth = {}
    if args.user is not None:
        # Over STARTTLS, aiosmtpd offers AUTH only once the connection is encrypted.
        auth = dict(
            authenticator=authenticator,
            auth_required=True,
            auth_require_tls=args.security == "starttls",
        )

    def factory():
        return SMTP(
            handler,
            hostname="localhost",  # avoids a DNS lookup of our own name at every connection
            tls_context=ctx if args.security == "starttls" else None,
            require_starttls=args.security == "starttls",
            loop=loop,
            **auth,
        )

    implicit = ctx if args.security == "tls" else None
    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=0, ssl=implicit))
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    sys.exit(main())
