// Interleaved exec-to-exit runs (docs/performance.md, "Size and start-up"): per
// round, each program once (fork, execve, wait4), in rotating order, stdout to
// /dev/null. Prints per program the median and min of the wall time and of the
// child's CPU time (utime+stime from wait4, which add up to the scheduler's precise
// runtime): on a loaded machine the wall time is mostly waiting for a CPU, the CPU
// time is not (though it is inflated by the contention, so compare ratios within
// one run).
//   cc -O2 bench/size/startup_ab.c -o startup_ab && ./startup_ab ROUNDS EXE...
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <sys/resource.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e6+t.tv_nsec/1e3;}
static int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
int main(int argc,char**argv){
  int rounds=atoi(argv[1]); int n=argc-2;
  double *wall=malloc(sizeof(double)*rounds*n),*cpu=malloc(sizeof(double)*rounds*n);
  int devnull=open("/dev/null",O_WRONLY);
  for(int r=0;r<rounds;r++) for(int k=0;k<n;k++){
    int j=(k+r)%n;
    double t0=now(); pid_t p=fork();
    if(!p){dup2(devnull,1);char*a[]={argv[2+j],0};execv(argv[2+j],a);_exit(127);}
    int st; struct rusage ru; wait4(p,&st,0,&ru); double t1=now();
    if(!WIFEXITED(st)||WEXITSTATUS(st)){fprintf(stderr,"%s failed %x\n",argv[2+j],st);return 1;}
    wall[j*rounds+r]=t1-t0;
    cpu[j*rounds+r]=ru.ru_utime.tv_sec*1e6+ru.ru_utime.tv_usec+ru.ru_stime.tv_sec*1e6+ru.ru_stime.tv_usec;
  }
  for(int j=0;j<n;j++){
    qsort(wall+j*rounds,rounds,sizeof(double),cmp); qsort(cpu+j*rounds,rounds,sizeof(double),cmp);
    printf("%-28s wall median %7.1f us min %7.1f | cpu median %7.1f us p25 %7.1f min %7.1f\n",argv[2+j],
      wall[j*rounds+rounds/2],wall[j*rounds],cpu[j*rounds+rounds/2],cpu[j*rounds+rounds/4],cpu[j*rounds]);
  }
  return 0;}
