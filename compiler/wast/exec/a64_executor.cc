// The AArch64 spec executor (compiler/wast/executor.h): every module is compiled
// here with CompileToObject(Target::kA64), exactly as for `wasmc
// --target=aarch64-linux`, and runs in the AArch64 spec host
// (compiler/wast/a64host/), a static AArch64 program that loads the object with
// wasmc's loader and runs it with the hosted runtime. On an x86-64 machine the
// host runs under qemu-aarch64; on an AArch64 machine it runs directly.
//
// One host process per executor (one per .wast file), started by the first
// Instantiate and talking over two pipes (exec/a64_protocol.h). Instances, registrations
// and externref identities live in the host. If the host dies (a fault that is
// not a wasm trap, a qemu failure), the worker exits with the reason on stderr:
// the runner then records the command as failed and re-runs the file without it,
// as for any crash. If the worker dies, the kernel kills the host
// (PR_SET_PDEATHSIG), so a timed-out file leaves no emulator behind.
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "compiler/wast/exec/a64_protocol.h"
#include "compiler/wast/exec/a64_executor.h"
#include "compiler/wast/exec/executor_common.h"
#include "compiler/wast/process.h"

namespace wasmc::spec {
namespace {

using a64host::Op;
using a64host::Reply;
using a64host::WireValue;

// The command line that runs the host: [qemu-aarch64] host.
std::vector<std::string> HostCommand() {
#if defined(__aarch64__)
  return {WASMC_SPEC_A64HOST};
#else
  return {WASMC_QEMU_AARCH64, WASMC_SPEC_A64HOST};
#endif
}

class A64Executor : public Executor {
 public:
  explicit A64Executor(CodeOptions code) : code_(code) {}
  ~A64Executor() override {
    if (pid_ <= 0) return;
    close(request_fd_);  // the host exits at end of input
    close(reply_fd_);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }

  Outcome Instantiate(const std::string& wasm_path, InstanceId* id) override {
    ObjectModule object;
    Outcome compiled = CompileForExecutor(wasm_path, Target::kA64, &object, code_);
    if (compiled.kind != Outcome::kOk) return compiled;
    a64host::Writer w;
    w.U8(static_cast<uint8_t>(Op::kInstantiate));
    a64host::WriteObject(w, object);
    Outcome o = Call(w);
    if (o.kind == Outcome::kOk) *id = last_id_;
    return o;
  }

  Outcome Register(InstanceId id, const std::string& as) override {
    a64host::Writer w;
    w.U8(static_cast<uint8_t>(Op::kRegister));
    w.U32(static_cast<uint32_t>(id));
    w.Str(as);
    return Call(w);
  }

  Outcome Invoke(InstanceId id, const std::string& name, const std::vector<Value>& args) override {
    a64host::Writer w;
    w.U8(static_cast<uint8_t>(Op::kInvoke));
    w.U32(static_cast<uint32_t>(id));
    w.Str(name);
    std::vector<WireValue> wire;
    for (const Value& v : args)
      wire.push_back(WireValue{static_cast<uint8_t>(v.type), v.lo, v.hi, v.is_null});
    w.Values(wire);
    return Call(w);
  }

  Outcome Get(InstanceId id, const std::string& name) override {
    a64host::Writer w;
    w.U8(static_cast<uint8_t>(Op::kGet));
    w.U32(static_cast<uint32_t>(id));
    w.Str(name);
    Outcome o = Call(w);
    if (o.kind == Outcome::kOk && o.results.size() != 1)
      return Fail(Outcome::kError, "the host returned " + std::to_string(o.results.size()) +
                                       " values for global " + name);
    return o;
  }

 private:
  // Sends one request and converts the reply; starts the host on first use.
  Outcome Call(const a64host::Writer& request) {
    if (pid_ < 0 && !start_error_.empty()) return Fail(Outcome::kError, start_error_);
    if (pid_ < 0) {
      std::string why = StartHost();
      if (!why.empty()) {
        start_error_ = "cannot run the aarch64 spec host: " + why;
        return Fail(Outcome::kError, start_error_);
      }
    }
    Reply reply;
    if (!a64host::WriteAll(request_fd_, request.Frame()) || !ReadReply(&reply)) HostDied();
    last_id_ = reply.id;
    return ToOutcome(std::move(reply));
  }

  bool ReadReply(Reply* reply) {
    std::vector<uint8_t> payload;
    if (!a64host::ReadFrame(reply_fd_, &payload)) return false;
    a64host::Reader r(payload);
    if (!a64host::ReadReply(r, reply) || reply->kind > Outcome::kError) {
      std::fprintf(stderr, "aarch64 spec host: malformed reply\n");
      std::exit(3);
    }
    return true;
  }

  // The host is gone mid-request: a crash of this command (see the top).
  [[noreturn]] void HostDied() {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    std::fprintf(stderr, "aarch64 spec host (%s) %s\n", HostCommand().back().c_str(),
                 DescribeWaitStatus(status).c_str());
    std::exit(3);
  }

  // Empty, or why the host cannot run.
  std::string StartHost() {
    if (WASMC_SPEC_A64HOST_MISSING[0] != '\0') return WASMC_SPEC_A64HOST_MISSING;
    if (access(WASMC_SPEC_A64HOST, X_OK) != 0)
      return std::string(WASMC_SPEC_A64HOST) + " is missing (build target wasmc-spec-a64host)";
    std::signal(SIGPIPE, SIG_IGN);  // a dead host shows as a failed write
    int request[2], reply[2];
    if (pipe2(request, O_CLOEXEC) != 0) return std::string("pipe: ") + strerror(errno);
    if (pipe2(reply, O_CLOEXEC) != 0) {
      close(request[0]);
      close(request[1]);
      return std::string("pipe: ") + strerror(errno);
    }
    // Everything the child needs is built before fork (it may only make
    // async-signal-safe calls): the fds are passed by number, made inheritable.
    std::vector<std::string> cmd = HostCommand();
    cmd.push_back(std::to_string(request[0]));
    cmd.push_back(std::to_string(reply[1]));
    std::vector<char*> argv;
    for (std::string& s : cmd) argv.push_back(s.data());
    argv.push_back(nullptr);
    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
      std::string why = std::string("fork: ") + strerror(errno);
      for (int fd : {request[0], request[1], reply[0], reply[1]}) close(fd);
      return why;
    }
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      fcntl(request[0], F_SETFD, 0);
      fcntl(reply[1], F_SETFD, 0);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(request[0]);
    close(reply[1]);
    pid_ = pid;
    request_fd_ = request[1];
    reply_fd_ = reply[0];
    // The host greets with kOk, or kError and why it cannot run wasm.
    Reply hello;
    std::string why;
    if (!ReadReply(&hello)) why = "exited at start-up";
    else if (hello.kind != Outcome::kOk) why = hello.message;
    if (why.empty()) return "";
    close(request_fd_);
    close(reply_fd_);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return cmd.front() + ": " + why + " (" + DescribeWaitStatus(status) + ")";
  }

  pid_t pid_ = -1;
  int request_fd_ = -1;
  int reply_fd_ = -1;
  std::string start_error_;
  CodeOptions code_;  // --cpu, -O
  InstanceId last_id_ = -1;
};

}  // namespace

std::unique_ptr<Executor> MakeA64Executor(CodeOptions code) { return std::make_unique<A64Executor>(code); }

}  // namespace wasmc::spec
