// wasmc-spec-a64host: the AArch64 half of the AArch64 spec executor.
//
// A static AArch64 program (cross-compiled at build time; it runs under
// qemu-aarch64 on x86-64 hosts). The executor (compiler/wast/exec/a64_executor.cc)
// compiles every module with wasmc for AArch64 and sends the ObjectModule here;
// this program maps it with wasmc's in-process loader (backend/loader/, the same
// relocation code as wasmc's linker), instantiates it with the hosted runtime
// (runtime.h, built for AArch64) and the spectest module (compiler/wast/exec/
// spectest.cc), and runs invokes: all through the object host (compiler/wast/
// exec/object_host.cc) that the x86-64 executor runs in-process. The machine code
// is exactly what `wasmc --target=aarch64-linux` puts in executables.
//
//   wasmc-spec-a64host REQUEST_FD REPLY_FD
//
// Protocol: compiler/wast/exec/a64_protocol.h. All wasm code runs on one WasmThread (bounded stack with a
// guard), so runaway recursion is the trap "call stack exhausted". A fault that
// is not a wasm trap kills this process; the executor reports that.
#include <cstdio>
#include <cstdlib>

#include "compiler/wast/exec/a64_protocol.h"
#include "compiler/wast/exec/object_host.h"

namespace wasmc::a64host {
namespace {

using spec::FailReply;
using spec::kReplyError;

// Decodes one request and runs it on the object host.
Reply Handle(spec::ObjectHost& host, const std::vector<uint8_t>& payload) {
  const Reply bad = FailReply(kReplyError, "aarch64 spec host: malformed request");
  Reader r(payload);
  const Op op = static_cast<Op>(r.U8());
  if (op == Op::kInstantiate) {
    ObjectModule obj;
    if (!ReadObject(r, &obj) || !r.AtEnd()) return bad;
    return host.Instantiate(obj);
  }
  const int32_t id = static_cast<int32_t>(r.U32());
  const std::string name = r.Str();
  switch (op) {
    case Op::kRegister:
      if (!r.ok() || !r.AtEnd()) return bad;
      return host.Register(id, name);
    case Op::kInvoke: {
      std::vector<WireValue> args = r.Values();
      if (!r.ok() || !r.AtEnd()) return bad;
      // Fault injection for a64-executor.test: the host dies as it would on a
      // fault in wasm code that is not a trap.
      if (const char* crash = std::getenv("WASMC_SPEC_A64HOST_TEST_CRASH"); crash && name == crash)
        std::abort();
      return host.Invoke(id, name, args);
    }
    case Op::kGet:
      if (!r.ok() || !r.AtEnd()) return bad;
      return host.Get(id, name);
    default: return bad;
  }
}

bool Send(int fd, const Reply& reply) {
  Writer w;
  WriteReply(w, reply);
  return WriteAll(fd, w.Frame());
}

int Main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: wasmc-spec-a64host REQUEST_FD REPLY_FD (run by wasmc-spec)\n");
    return 2;
  }
  const int in = std::atoi(argv[1]);
  const int out = std::atoi(argv[2]);
  spec::ObjectHost host;
  std::string why = host.Start();
  if (!Send(out, why.empty() ? Reply{} : FailReply(kReplyError, "aarch64 spec host: " + why)))
    return 1;
  if (!why.empty()) return 1;
  std::vector<uint8_t> request;
  while (ReadFrame(in, &request)) {
    Reply reply = Handle(host, request);
    std::fflush(stdout);  // spectest.print output, in order with the replies
    if (!Send(out, reply)) return 1;
  }
  return 0;  // the executor closed the pipe: its .wast file is done
}

}  // namespace
}  // namespace wasmc::a64host

int main(int argc, char** argv) { return wasmc::a64host::Main(argc, argv); }
