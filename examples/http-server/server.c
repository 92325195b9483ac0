// A small HTTP/1.1 server: one thread, poll() over the listener and up to
// kMaxConns non-blocking connections, keep-alive and pipelining.
//
//   GET /                 -> 200, a fixed HTML page
//   GET /hello?name=NAME  -> 200, "Hello, NAME!\n" (NAME URL-decoded, printable
//                            ASCII only, at most 64 bytes; default "world")
//   GET /stats            -> 200, "requests N\nconnections N\n"
//   other GET/HEAD paths  -> 404
//   other methods         -> 405;  malformed request -> 400 and close;
//   headers over 8 KiB    -> 431 and close;  chunked bodies -> 501 and close.
//
// Under wasmc (WASI preview1) the listening socket is granted by the manifest
// (server.toml) and arrives as a preopened fd: the first socket fd from 3 up
// (docs/manifest.md: stdio, then directories, then files, then listeners).
// The program cannot create, bind or connect sockets itself.
// Natively (gcc -O2 server.c) it creates the listener: ./server [PORT], on
// 127.0.0.1 (default 8080).
// It runs until killed.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#ifndef __wasi__
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#endif

enum {
  kMaxConns = 64,
  kInSize = 8192,    // one request head (+ body) must fit
  kOutSize = 16384,  // responses queued for one connection
};

typedef struct {
  int fd;              // -1: free slot
  size_t in_len;       // bytes in `in`
  size_t out_off;      // bytes of `out` already sent
  size_t out_len;      // bytes queued in `out`
  int close_after;     // close once `out` is flushed
  char in[kInSize];
  char out[kOutSize];
} Conn;

static Conn conns[kMaxConns];
static unsigned long long n_requests, n_connections;

static const char kIndex[] =
    "<!doctype html>\n<html><head><title>wasmc http-server</title></head>\n"
    "<body><h1>Hello from wasmc</h1>\n"
    "<p>This server is a WebAssembly module compiled ahead of time by wasmc.\n"
    "It can accept connections on the socket its manifest grants, and nothing else.</p>\n"
    "<p>Try <a href=\"/hello?name=you\">/hello?name=you</a>.</p>\n"
    "</body></html>\n";

// ---- parsing helpers -------------------------------------------------------

static int LowerEq(const char* a, size_t n, const char* lower) {
  size_t i = 0;
  for (; i < n && lower[i]; ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != lower[i]) return 0;
  }
  return i == n && lower[i] == 0;
}

// Does the comma-separated header value contain the token (case-insensitive)?
static int HasToken(const char* v, size_t n, const char* token) {
  size_t i = 0;
  while (i < n) {
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) ++i;
    size_t s = i;
    while (i < n && v[i] != ',') ++i;
    size_t e = i;
    while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t')) --e;
    if (e > s && LowerEq(v + s, e - s, token)) return 1;
  }
  return 0;
}

static int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Copies the URL-decoded value of query parameter `key` into out (at most
// cap-1 bytes, printable ASCII only; anything else is dropped). Returns 1 if
// the parameter is present.
static int QueryParam(const char* q, size_t n, const char* key, char* out, size_t cap) {
  size_t klen = strlen(key), i = 0;
  while (i < n) {
    size_t s = i;
    while (i < n && q[i] != '&') ++i;
    size_t e = i++;
    if (e - s > klen && memcmp(q + s, key, klen) == 0 && q[s + klen] == '=') {
      size_t o = 0;
      for (size_t j = s + klen + 1; j < e; ++j) {
        int c = (unsigned char)q[j];
        if (c == '+') {
          c = ' ';
        } else if (c == '%' && j + 2 < e && HexVal(q[j + 1]) >= 0 && HexVal(q[j + 2]) >= 0) {
          c = HexVal(q[j + 1]) * 16 + HexVal(q[j + 2]);
          j += 2;
        }
        if (c >= 0x20 && c < 0x7f && c != '<' && c != '>' && c != '&' && o + 1 < cap) out[o++] = (char)c;
      }
      out[o] = 0;
      return 1;
    }
  }
  return 0;
}

// ---- responses -------------------------------------------------------------

// Appends a whole response to c->out; returns 0 if it does not fit (the
// caller stops processing pipelined requests until the buffer drains).
static int Respond(Conn* c, int status, const char* reason, const char* type, const char* body,
                   size_t body_len, int head_only, int keep_alive, const char* extra) {
  char head[512];
  int h = snprintf(head, sizeof head,
                   "HTTP/1.1 %d %s\r\nServer: wasmc-http\r\nContent-Type: %s\r\n"
                   "Content-Length: %zu\r\n%s%s\r\n",
                   status, reason, type, body_len, keep_alive ? "" : "Connection: close\r\n",
                   extra ? extra : "");
  if (h < 0 || (size_t)h >= sizeof head) return 0;
  size_t total = (size_t)h + (head_only ? 0 : body_len);
  if (c->out_len + total > kOutSize) {
    // Compact what was already sent, then retry.
    memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
    c->out_len -= c->out_off;
    c->out_off = 0;
    if (c->out_len + total > kOutSize) return 0;
  }
  memcpy(c->out + c->out_len, head, (size_t)h);
  c->out_len += (size_t)h;
  if (!head_only) {
    memcpy(c->out + c->out_len, body, body_len);
    c->out_len += body_len;
  }
  if (!keep_alive) c->close_after = 1;
  return 1;
}

static int RespondText(Conn* c, int status, const char* reason, const char* text, int keep_alive) {
  return Respond(c, status, reason, "text/plain", text, strlen(text), 0, keep_alive, NULL);
}

// ---- one request -----------------------------------------------------------

// Parses and answers the request at the start of c->in. Returns the number of
// bytes consumed (> 0), 0 if more input is needed, or -1 if the response did
// not fit in the output buffer (retry after a flush).
static long HandleOne(Conn* c) {
  char* buf = c->in;
  size_t len = c->in_len;
  // Find the end of the head; tolerate bare LF line ends.
  size_t end = 0;
  for (size_t i = 0; i + 1 < len; ++i) {
    if (buf[i] == '\n' && buf[i + 1] == '\n') { end = i + 2; break; }
    if (i + 3 < len && buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
      end = i + 4;
      break;
    }
  }
  if (!end) {
    if (len >= kInSize) {
      if (!RespondText(c, 431, "Request Header Fields Too Large", "request head too large\n", 0)) return -1;
      return (long)len;
    }
    return 0;
  }
  // Request line: METHOD SP TARGET SP HTTP/1.x
  size_t le = 0;
  while (buf[le] != '\r' && buf[le] != '\n') ++le;
  const char* sp1 = memchr(buf, ' ', le);
  const char* sp2 = sp1 ? memchr(sp1 + 1, ' ', le - (size_t)(sp1 + 1 - buf)) : NULL;
  const char* method = buf;
  size_t mlen = sp1 ? (size_t)(sp1 - buf) : 0;
  const char* target = sp1 + 1;
  size_t tlen = sp2 ? (size_t)(sp2 - target) : 0;
  const char* ver = sp2 + 1;
  size_t vlen = sp2 ? le - (size_t)(ver - buf) : 0;
  if (!sp1 || !sp2 || mlen == 0 || tlen == 0 || target[0] != '/' || vlen != 8 ||
      memcmp(ver, "HTTP/1.", 7) != 0 || (ver[7] != '0' && ver[7] != '1')) {
    if (!RespondText(c, 400, "Bad Request", "bad request line\n", 0)) return -1;
    return (long)len;  // drop everything: the stream cannot be resynchronised
  }
  for (size_t i = 0; i < mlen; ++i)
    if (method[i] < 'A' || method[i] > 'Z') {
      if (!RespondText(c, 400, "Bad Request", "bad method\n", 0)) return -1;
      return (long)len;
    }
  int http11 = ver[7] == '1';
  int keep_alive = http11;
  size_t content_length = 0;
  int chunked = 0, bad = 0;
  // Header lines.
  size_t p = le + (buf[le] == '\r' ? 2 : 1);
  while (p < end) {
    size_t e = p;
    while (buf[e] != '\r' && buf[e] != '\n') ++e;
    if (e == p) break;  // blank line: end of head
    const char* colon = memchr(buf + p, ':', e - p);
    if (!colon || colon == buf + p) { bad = 1; break; }
    size_t nlen = (size_t)(colon - (buf + p));
    const char* v = colon + 1;
    while (v < buf + e && (*v == ' ' || *v == '\t')) ++v;
    size_t vl = (size_t)(buf + e - v);
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t')) --vl;
    if (LowerEq(buf + p, nlen, "connection")) {
      if (HasToken(v, vl, "close")) keep_alive = 0;
      else if (HasToken(v, vl, "keep-alive")) keep_alive = 1;
    } else if (LowerEq(buf + p, nlen, "content-length")) {
      if (vl == 0 || vl > 9) { bad = 1; break; }
      size_t n = 0;
      for (size_t i = 0; i < vl; ++i) {
        if (v[i] < '0' || v[i] > '9') { bad = 1; break; }
        n = n * 10 + (size_t)(v[i] - '0');
      }
      content_length = n;
    } else if (LowerEq(buf + p, nlen, "transfer-encoding")) {
      chunked = 1;
    }
    p = e + (buf[e] == '\r' ? 2 : 1);
  }
  if (bad) {
    if (!RespondText(c, 400, "Bad Request", "bad header\n", 0)) return -1;
    return (long)len;
  }
  if (chunked) {
    if (!RespondText(c, 501, "Not Implemented", "transfer-encoding not supported\n", 0)) return -1;
    return (long)len;
  }
  if (content_length > kInSize - end) {
    if (!RespondText(c, 413, "Content Too Large", "body too large\n", 0)) return -1;
    return (long)len;
  }
  if (len < end + content_length) return 0;  // wait for the body (ignored)

  int is_get = mlen == 3 && memcmp(method, "GET", 3) == 0;
  int is_head = mlen == 4 && memcmp(method, "HEAD", 4) == 0;
  const char* q = memchr(target, '?', tlen);
  size_t plen = q ? (size_t)(q - target) : tlen;
  size_t qlen = q ? tlen - plen - 1 : 0;
  int ok;
  if (!is_get && !is_head) {
    ok = Respond(c, 405, "Method Not Allowed", "text/plain", "method not allowed\n", 19, 0, keep_alive,
                 "Allow: GET, HEAD\r\n");
  } else if (plen == 1) {
    ok = Respond(c, 200, "OK", "text/html", kIndex, sizeof kIndex - 1, is_head, keep_alive, NULL);
  } else if (plen == 6 && memcmp(target, "/hello", 6) == 0) {
    char name[65], body[96];
    if (!q || !QueryParam(q + 1, qlen, "name", name, sizeof name) || !name[0]) strcpy(name, "world");
    int n = snprintf(body, sizeof body, "Hello, %s!\n", name);
    ok = Respond(c, 200, "OK", "text/plain", body, (size_t)n, is_head, keep_alive, NULL);
  } else if (plen == 6 && memcmp(target, "/stats", 6) == 0) {
    char body[96];
    int n = snprintf(body, sizeof body, "requests %llu\nconnections %llu\n", n_requests + 1, n_connections);
    ok = Respond(c, 200, "OK", "text/plain", body, (size_t)n, is_head, keep_alive, NULL);
  } else {
    ok = Respond(c, 404, "Not Found", "text/plain", "not found\n", 10, is_head, keep_alive, NULL);
  }
  if (!ok) return -1;
  ++n_requests;
  return (long)(end + content_length);
}

// ---- connection I/O --------------------------------------------------------

static void CloseConn(Conn* c) {
  close(c->fd);
  c->fd = -1;
}

// Sends what is queued. Returns -1 on a fatal error, else 0.
static int Flush(Conn* c) {
  while (c->out_off < c->out_len) {
    ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
      return -1;
    }
    c->out_off += (size_t)n;
  }
  c->out_off = c->out_len = 0;
  return 0;
}

// Answers every complete request in c->in that fits in the output buffer.
static void Process(Conn* c) {
  while (c->in_len > 0 && !c->close_after) {
    long used = HandleOne(c);
    if (used <= 0) break;  // need more input, or output full
    memmove(c->in, c->in + used, c->in_len - (size_t)used);
    c->in_len -= (size_t)used;
  }
}

static void OnReadable(Conn* c) {
  for (;;) {
    if (c->in_len == kInSize) break;  // full: Process() answers 431 or waits for output room
    ssize_t n = recv(c->fd, c->in + c->in_len, kInSize - c->in_len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      CloseConn(c);
      return;
    }
    if (n == 0) {  // peer closed its side: answer what is complete, then close
      Process(c);
      c->close_after = 1;
      break;
    }
    c->in_len += (size_t)n;
    if ((size_t)n < kInSize) break;
  }
  Process(c);
}

static int FindListener(void) {
#ifdef __wasi__
  // The preopened listener: the first socket fd from 3 up.
  for (int fd = 3; fd < 64; ++fd) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode)) return fd;
  }
  fprintf(stderr,
          "http-server: no listening socket granted (compile with --manifest=server.toml or "
          "--listen=127.0.0.1:PORT)\n");
  return -1;
#else
  return -1;
#endif
}

int main(int argc, char** argv) {
  int lfd;
#ifdef __wasi__
  (void)argc;
  (void)argv;
  lfd = FindListener();
  if (lfd < 0) return 1;
#else
  signal(SIGPIPE, SIG_IGN);
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (lfd < 0 || bind(lfd, (struct sockaddr*)&sa, sizeof sa) < 0 || listen(lfd, 128) < 0) {
    perror("http-server: listen on 127.0.0.1");
    return 1;
  }
  (void)FindListener;
#endif
  if (fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK) < 0) {
    perror("http-server: set listener non-blocking");
    return 1;
  }
  for (int i = 0; i < kMaxConns; ++i) conns[i].fd = -1;
  printf("http-server: listening (fd %d)\n", lfd);
  fflush(stdout);

  struct pollfd pfds[kMaxConns + 1];
  int idx[kMaxConns + 1];
  for (;;) {
    int n = 0, live = 0;
    for (int i = 0; i < kMaxConns; ++i) {
      Conn* c = &conns[i];
      if (c->fd < 0) continue;
      ++live;
      pfds[n].fd = c->fd;
      // Waiting to send: POLLOUT only (no new input until the output drains).
      pfds[n].events = c->out_len > c->out_off ? POLLOUT : POLLIN;
      pfds[n].revents = 0;
      idx[n++] = i;
    }
    if (live < kMaxConns) {
      pfds[n].fd = lfd;
      pfds[n].events = POLLIN;
      pfds[n].revents = 0;
      idx[n++] = -1;
    }
    int r = poll(pfds, (nfds_t)n, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      perror("http-server: poll");
      return 1;
    }
    for (int k = 0; k < n; ++k) {
      if (!pfds[k].revents) continue;
      if (idx[k] < 0) {
        for (;;) {  // accept everything pending, while there are free slots
          int slot = -1;
          for (int i = 0; i < kMaxConns; ++i)
            if (conns[i].fd < 0) { slot = i; break; }
          if (slot < 0) break;
          int fd = accept(lfd, NULL, NULL);
          if (fd < 0) break;  // EAGAIN, or a connection reset before accept
          if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
            close(fd);
            continue;
          }
          Conn* c = &conns[slot];
          c->fd = fd;
          c->in_len = c->out_off = c->out_len = 0;
          c->close_after = 0;
          ++n_connections;
        }
        continue;
      }
      Conn* c = &conns[idx[k]];
      if (c->fd < 0) continue;
      if (pfds[k].revents & (POLLERR | POLLNVAL)) {
        CloseConn(c);
        continue;
      }
      if (c->out_len > c->out_off) {
        if (Flush(c) < 0) { CloseConn(c); continue; }
        if (c->out_len == 0) Process(c);  // output drained: answer buffered requests
      } else {
        OnReadable(c);
        if (c->fd < 0) continue;
      }
      if (Flush(c) < 0) { CloseConn(c); continue; }
      if (c->close_after && c->out_len == 0) {
        shutdown(c->fd, SHUT_WR);
        CloseConn(c);
      }
    }
  }
}
