#!/usr/bin/env python3
"""Writes N realistic historical tickets as NDJSON (spec section 9) for bench/import.sh.

Each ticket has a creation instant in November 2026 and a plausible history: most are
answered, some wait on the caller (pending), some change priority, most are resolved.
Usage: gen_history.py N > history.ndjson
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

random.seed(42)
n = int(sys.argv[1])
channels = ["phone", "email", "chat", "web", "social", "walk_in"]
categories = ["payment", "incentive", "account", "verification", "training", "certificate", "other"]
priorities = ["low", "normal", "normal", "normal", "high", "urgent"]
subjects = ["Insentif belum masuk", "Akun tidak bisa login", "Sertifikat belum terbit", "Verifikasi NIK gagal",
            "Dana pelatihan terpotong", "Nomor HP berubah"]
start = datetime(2026, 11, 2, tzinfo=timezone.utc)
out = sys.stdout
for i in range(n):
    t = start + timedelta(seconds=random.randrange(0, 25 * 86400))
    z = lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
    events = []
    at = t + timedelta(minutes=random.randrange(5, 240))
    events.append({"at": z(at), "type": "response", "public": True, "author": "agent%d" % random.randrange(1, 40),
                   "body": "Terima kasih, laporan Anda kami proses."})
    if random.random() < 0.3:
        at += timedelta(minutes=random.randrange(10, 120))
        events.append({"at": z(at), "type": "status", "to": "pending"})
        at += timedelta(hours=random.randrange(1, 48))
        events.append({"at": z(at), "type": "status", "to": "open"})
    if random.random() < 0.1:
        at += timedelta(minutes=30)
        events.append({"at": z(at), "type": "priority", "to": "urgent"})
    if random.random() < 0.85:
        at += timedelta(hours=random.randrange(1, 30))
        events.append({"at": z(at), "type": "status", "to": "resolved"})
    ticket = {"subject": "%s #%d" % (random.choice(subjects), i), "channel": random.choice(channels),
              "category": random.choice(categories), "priority": random.choice(priorities), "team": "tier1",
              "requester": {"external_id": "P-%07d" % random.randrange(0, 10 ** 7)}, "created_at": z(t),
              "events": events}
    out.write(json.dumps(ticket, separators=(",", ":")) + "\n")
