#!/usr/bin/env python3
"""Pacer's demo app: a web server whose health you can flip.

GET  /        -> which task answered, and on which port
GET  /health  -> 200 while healthy, 503 after a toggle
POST /toggle  -> flips the health

Standard library only. Listens on $PORT0 (Pacer and Marathon set it) or the first argument.
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT0", "8000"))
TASK_ID = os.environ.get("MESOS_TASK_ID", "local")
healthy = True


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.reply(200 if healthy else 503, {"healthy": healthy})
        elif self.path == "/":
            self.reply(200, {"task": TASK_ID, "port": PORT, "healthy": healthy})
        else:
            self.reply(404, {"error": "no such page: " + self.path})

    def do_POST(self):
        global healthy
        if self.path == "/toggle":
            healthy = not healthy
            print(f"health toggled: now {'healthy' if healthy else 'unhealthy'}", flush=True)
            self.reply(200, {"task": TASK_ID, "healthy": healthy})
        else:
            self.reply(404, {"error": "no such page: " + self.path})

    def reply(self, status, body):
        data = (json.dumps(body) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass  # health checks every 2 s would drown the task's stdout


if __name__ == "__main__":
    print(f"demo app {TASK_ID} listening on port {PORT}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
