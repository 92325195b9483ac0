# tests/wasi/seccomp_calls.c's driver: for each WASI call of wasi-shim/calls.def,
# a module calling it alone, compiled with wasmc (a directory, a listener and a
# connection granted) and run natively under its own seccomp filter; prints
# "<call> <exit status>" (159: killed by SIGSYS, also printed as "killed").
#   sh seccomp_calls.sh SOURCE WORKDIR "CLANG-WASM" "WASMC ..."
set -u
src=$1 d=$2 clang=$3 wasmc=$4
root=$(dirname "$src")/../..
# Two free local ports: the connection's peer and the listen grant.
set -- $(python3 -c 'import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
port=$1 listen_port=$2
# The connection's peer: accepts, sends a byte, reads until the program is done.
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); s.settimeout(600)
try:
    while True:
        c, _ = s.accept(); c.sendall(b"y"); c.settimeout(5)
        try:
            while c.recv(64): pass
        except OSError: pass
        c.close()
except OSError: pass
' "$port" &
server=$!
sleep 0.3
for call in $(sed -n 's/^WASI_CALL(\([a-z_0-9]*\),.*/\1/p' "$root/wasi-shim/calls.def"); do
  rm -rf "$d/run" && cp -r "$d/dir" "$d/run"
  $clang -DCALL_$call "$src" -o "$d/$call.wasm" || { echo "$call: compile failed"; continue; }
  $wasmc "$d/$call.wasm" -o "$d/$call" --dir="$d/run" --listen=127.0.0.1:$listen_port --connect=127.0.0.1:$port ||
    { echo "$call: wasmc failed"; continue; }
  # sock_accept's pending connection, once the program listens.
  [ $call = sock_accept ] && python3 -c '
import socket, sys, time
for _ in range(200):
    try: c = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); time.sleep(1); break
    except OSError: time.sleep(0.05)
' "$listen_port" &
  "$d/$call" arg1 < "$d/in.txt" > "$d/$call.out" 2>&1
  rc=$?
  [ $rc = 159 ] && echo "FAIL $call killed (SIGSYS): a system call missing from its seccomp_calls.def line"
  [ $rc != 0 ] && [ $rc != 159 ] && echo "FAIL $call exit $rc: $(head -c 300 "$d/$call.out")"
  echo "$call $rc"
done
kill $server 2>/dev/null
echo done
