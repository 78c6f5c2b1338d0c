"""Outages: the mail server and the SMS gateway are down while feedback streams in and a dispatch
run sends its invitations; when they come back, every email and every SMS is delivered, once.
On SQLite here, and on PostgreSQL in `make test`."""
import os
import subprocess
import time

from aiosmtpd.controller import Controller

from conftest import KAIKU, ROOT, MailSink, SMSGatewayStub, free_port
from durability import Deployment, Stream, wait_until


def test_mail_and_sms_sent_during_an_outage_arrive_once_when_it_ends():
    smtp_port, gateway_port, port = free_port(), free_port(), free_port()
    deployment = Deployment(KAIKU_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}", KAIKU_MAIL_FROM="Kaiku <palaute@esimerkkila.fi>",
                            KAIKU_SMS_GATEWAY_URL=f"http://127.0.0.1:{gateway_port}/messages",
                            KAIKU_SMS_GATEWAY_AUTH="Authorization: Bearer stub-key", KAIKU_SMS_CALLBACK_TOKEN="stub-callback",
                            KAIKU_SMS_SENDER="Esimerkki", KAIKU_PUBLIC_URL=f"http://127.0.0.1:{port}")
    controller, gateway = None, None
    try:
        url = deployment.start(port=port)
        # Both peers are down: feedback makes mail for the handlers, a dispatch run makes invitations.
        stream = Stream(url, workers=3)
        stream.start()
        kaiku = lambda *args: subprocess.run([KAIKU, *args], cwd=ROOT, env=deployment.env, check=True, capture_output=True, text=True)
        kaiku("visits", "import", os.path.join(deployment.data, "demo-visits.csv"))
        kaiku("dispatch", "run", "--any-time")
        time.sleep(5)
        stream.stop()
        assert len(stream.acknowledged_cases) > 5
        failed = lambda channel: int(deployment.query(
            f"SELECT COUNT(*) FROM outbox WHERE channel = '{channel}' AND sent_at IS NULL AND last_error IS NOT NULL")[0][0])
        assert failed("email") > 0 and failed("sms") > 0, "nothing was tried during the outage"

        # The peers come back; the server retries its mail by itself (the first retry after 30 s),
        # and the next dispatch run (the scheduler's, or this one outside the window) the SMS.
        sink = MailSink()
        controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        gateway = SMSGatewayStub(port=gateway_port)
        unsent = lambda channel: int(deployment.query(f"SELECT COUNT(*) FROM outbox WHERE channel = '{channel}' AND sent_at IS NULL")[0][0])
        wait_until(lambda: unsent("email") == 0, 120, lambda: f"{unsent('email')} emails still unsent")
        wait_until(lambda: (kaiku("dispatch", "run", "--any-time") and unsent("sms") == 0), 120, lambda: f"{unsent('sms')} SMS still unsent")
        time.sleep(1)

        emails = {row[0] for row in deployment.query("SELECT id FROM outbox WHERE channel = 'email'")}
        received = [m["message_id"].strip("<>").split("@")[0] for m in sink.messages]
        assert sorted(received) == sorted(emails), f"emails: {len(emails)} in the outbox, {len(received)} received"
        sms = {row[0] for row in deployment.query("SELECT id FROM outbox WHERE channel = 'sms'")}
        references = [m["reference"] for m in gateway.messages]
        assert sorted(references) == sorted(sms), f"SMS: {len(sms)} in the outbox, {len(references)} received"
        print(f"after the outage: {len(emails)} emails and {len(sms)} SMS delivered once each")
    finally:
        if controller:
            controller.stop()
        if gateway:
            gateway.httpd.shutdown()
        deployment.close()
