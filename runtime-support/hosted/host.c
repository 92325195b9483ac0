/* The hosted mode of the runtime core (runtime.h): allocation through libc,
 * signal handlers installed with sigaction, and traps delivered by siglongjmp to
 * the innermost active wasmc_call / wasmc_instantiate. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rt.h"

/* Stack kept free below stack_limit for helpers, host calls and trap reports. */
#define STACK_RESERVE (256u << 10)
#define STACK_GUARD (1u << 20)

void* rt_alloc(size_t size) { return calloc(1, size ? size : 1); }
void rt_free(void* p, size_t size) {
  (void)size;
  free(p);
}

void rt_write_stderr(const char* s, size_t n) {
  while (n) {
    ssize_t r = write(2, s, n);
    if (r <= 0) return;
    s += r;
    n -= (size_t)r;
  }
}

static sigjmp_buf* active_catch;
static char last_report[8192];
static uintptr_t thread_stack_limit;

void rt_deliver_trap(uint32_t code, const char* report) {
  rt_set_message(rt_trap_kind(code), 0, 0, 0);
  size_t n = strlen(report);
  if (n >= sizeof last_report) n = sizeof last_report - 1;
  memcpy(last_report, report, n);
  last_report[n] = 0;
  if (!active_catch) {
    /* A trap outside any wasmc_call: nobody can handle it. */
    rt_write_stderr(report, strlen(report));
    abort();
  }
  siglongjmp(*active_catch, 1);
}

void rt_deliver_runtime_bug(const char* report) {
  /* Not a trap of the guest: no caller can recover from it. */
  rt_write_stderr(report, strlen(report));
  abort();
}

static void FaultHandler(int sig, siginfo_t* info, void* uc) {
  if (active_catch) rt_handle_fault(sig, info, uc);  /* returns if not a wasm trap */
  /* Not ours: restore the default action; the fault repeats and kills us. */
  signal(sig, SIG_DFL);
}

int wasmc_host_init(void) {
  static int handlers_installed;
  /* Per thread: the alternate signal stack and this thread's stack bounds. */
  stack_t old;
  if (sigaltstack(NULL, &old) != 0) return -1;
  if (old.ss_flags & SS_DISABLE) {
    stack_t ss;
    ss.ss_size = 256u << 10;
    ss.ss_sp = malloc(ss.ss_size);
    ss.ss_flags = 0;
    if (!ss.ss_sp || sigaltstack(&ss, NULL) != 0) return -1;
  }
  pthread_attr_t attr;
  void* addr;
  size_t size;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return -1;
  pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_destroy(&attr);
  uintptr_t lo = (uintptr_t)addr;
  rt_set_stack(lo - STACK_GUARD, lo, lo, lo + size);
  thread_stack_limit = lo + STACK_RESERVE;
  for (rt_instance* ri = rt_instances(); ri; ri = ri->next) ri->inst->stack_limit = thread_stack_limit;
  if (handlers_installed) return 0;
  static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = FaultHandler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sigs[i], &sa, NULL) != 0) return -1;
  }
  handlers_installed = 1;
  return 0;
}

/* Runs fn(arg) with traps caught. */
static wasmc_status Catch(void (*fn)(void*), void* arg) {
  sigjmp_buf buf;
  sigjmp_buf* outer = active_catch;
  if (sigsetjmp(buf, 1)) {
    active_catch = outer;
    return WASMC_TRAPPED;
  }
  active_catch = &buf;
  fn(arg);
  active_catch = outer;
  return WASMC_OK;
}

static void RunInstantiate(void* inst) { rt_instantiate_run(inst); }

wasmc_status wasmc_instantiate(const wasmc_module* module, wasmc_resolve_fn resolve, void* user,
                               wasmc_instance** out) {
  wasmc_status s = rt_instantiate_link(module, resolve, user, out);
  if (s != WASMC_OK) return s;
  (*out)->stack_limit = thread_stack_limit;
  return Catch(RunInstantiate, *out);
}

static const wasmc_export_desc* FindFuncExport(wasmc_instance* inst, const char* name, size_t len) {
  const wasmc_module* m = inst->module;
  for (uint32_t i = 0; i < m->num_exports; ++i)
    if (m->exports[i].kind == WASMC_EXTERN_FUNC && rt_export_named(&m->exports[i], name, len))
      return &m->exports[i];
  return NULL;
}

const wasmc_type_desc* wasmc_export_type(wasmc_instance* inst, const char* name) {
  return wasmc_export_type_n(inst, name, strlen(name));
}

const wasmc_type_desc* wasmc_export_type_n(wasmc_instance* inst, const char* name, size_t len) {
  const wasmc_export_desc* e = FindFuncExport(inst, name, len);
  if (!e) return NULL;
  const wasmc_module* m = inst->module;
  return &m->types[m->funcs[e->index].type_index];
}

typedef struct CallArgs {
  wasmc_instance* inst;
  const wasmc_export_desc* e;
  wasmc_val* slots;
} CallArgs;

static void RunCall(void* p) {
  CallArgs* a = p;
  a->e->trampoline(a->inst, a->slots);
}

wasmc_status wasmc_call(wasmc_instance* inst, const char* name, wasmc_val* args_and_results) {
  return wasmc_call_n(inst, name, strlen(name), args_and_results);
}

wasmc_status wasmc_call_n(wasmc_instance* inst, const char* name, size_t len,
                          wasmc_val* args_and_results) {
  const wasmc_export_desc* e = FindFuncExport(inst, name, len);
  if (!e || !e->trampoline) {
    char buf[128];
    rt_set_message("no exported function named ", rt_name_for_message(name, len, buf, sizeof buf), 0, 0);
    return WASMC_NOT_FOUND;
  }
  CallArgs a = {inst, e, args_and_results};
  return Catch(RunCall, &a);
}

const char* wasmc_last_message(void) { return rt_message(); }

const char* wasmc_last_trap_report(void) { return last_report; }

void wasmc_host_reset(void) {
  rt_instances_free_all();
  rt_memory_free_all();  /* host-created memories (tables are small: kept) */
}
