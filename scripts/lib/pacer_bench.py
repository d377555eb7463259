"""What the scripts/bench-* benchmarks of the real pacer.jar share: start and stop it, call its API, run wrk."""
import base64, json, os, re, signal, ssl, subprocess, threading, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "scheduler/target/pacer.jar")


def build_if_needed():
    if not os.path.exists(JAR):
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)


def basic(user_password):
    """The Authorization header's value for USER:PASSWORD."""
    return "Basic " + base64.b64encode(user_password.encode()).decode()


def http(method, url, body=None, authorization=None, cafile=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if authorization:
        headers["Authorization"] = authorization
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    context = ssl.create_default_context(cafile=cafile) if cafile else None
    with urllib.request.urlopen(req, timeout=30, context=context) as r:
        return json.loads(r.read() or b"{}")


def start(work, agents, *flags):
    """pacer.jar on its embedded cluster; returns (process, {"api": advertised URL, "http": plain URL when also served})."""
    log = open(os.path.join(work, "pacer.log"), "w")
    p = subprocess.Popen(["java", "-jar", JAR, "--http-port", "0", "--hostname", "127.0.0.1", "--work-dir", work,
                          "--local-agents", str(agents),
                          "--local-resources", "cpus:64;mem:262144;disk:20000;ports:[31000-33000]", *flags],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    urls = {}
    for line in p.stdout:
        log.write(line)
        m = re.search(r"(REST API|plain HTTP)\s+(https?://\S+)/v2/apps", line)
        if m:
            urls["api" if m.group(1) == "REST API" else "http"] = m.group(2)
        if line.startswith("  master"):  # the announcement's lines about the API are all in
            # keep draining the output so that Pacer never blocks on a full pipe
            threading.Thread(target=lambda: [log.write(l) for l in p.stdout], daemon=True).start()
            return p, urls
    raise SystemExit("pacer.jar did not start; see " + log.name)


def stop(p):
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=120)


def wrk(url, seconds=10, authorization=None, headers=()):
    """wrk -t2 -c8 (Debian's) on url: (requests per second, transfer per second as wrk prints it)."""
    command = ["wrk", "-t2", "-c8", "-d%ds" % seconds, url]
    for header in list(headers) + (["Authorization: " + authorization] if authorization else []):
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        raise SystemExit("wrk %s: %s answers were not 2xx:\n%s" % (url, non2xx.group(1), out))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), re.search(r"Transfer/sec:\s+(\S+)", out).group(1)


def define_apps(url, count, authorization=None):
    """count apps /bench/list/appNNNN with no instances: what GET /v2/apps lists in the throughput figures."""
    for i in range(count):
        http("POST", url + "/v2/apps", {"id": "/bench/list/app%04d" % i, "cmd": "sleep 1", "instances": 0},
             authorization=authorization)
