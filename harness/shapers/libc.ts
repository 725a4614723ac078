// The few libc calls the TUN emulator needs, through koffi (no native build step).
// Linux x86_64/arm64 only; loaded lazily so importing this module costs nothing elsewhere.
import koffi from 'koffi';

export const O_RDWR = 0o2;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;
export const POLLIN = 0x1;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const EAGAIN = 11;
export const EINTR = 4;
export const PR_SET_PDEATHSIG = 1;
export const PR_SET_TIMERSLACK = 29;

export interface Libc {
  open(path: string, flags: number): number;
  close(fd: number): number;
  /** ioctl with a pointer argument (a Buffer). */
  ioctl(fd: number, request: number, arg: Buffer): number;
  read(fd: number, buf: Buffer, count: number): number;
  write(fd: number, buf: Buffer, count: number): number;
  /** fds: packed struct pollfd[]; timeout: packed struct timespec or null (wait forever). */
  ppoll(fds: Buffer, nfds: number, timeout: Buffer | null, sigmask: null): number;
  prctl(option: number, arg2: number, arg3: number, arg4: number, arg5: number): number;
  getppid(): number;
  /** which: 0 = PRIO_PROCESS; who: 0 = this process; prio: -20 (highest) … 19. */
  setpriority(which: number, who: number, prio: number): number;
  errno(): number;
}

let cached: Libc | undefined;

export function libc(): Libc {
  if (cached) return cached;
  const lib = koffi.load('libc.so.6');
  cached = {
    open: lib.func('int open(const char *path, int flags)'),
    close: lib.func('int close(int fd)'),
    ioctl: lib.func('int ioctl(int fd, unsigned long request, void *arg)'),
    read: lib.func('long read(int fd, void *buf, unsigned long count)'),
    write: lib.func('long write(int fd, const void *buf, unsigned long count)'),
    ppoll: lib.func('int ppoll(void *fds, unsigned long nfds, const void *tmo, const void *sigmask)'),
    prctl: lib.func('int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)'),
    getppid: lib.func('int getppid()'),
    setpriority: lib.func('int setpriority(int which, unsigned int who, int prio)'),
    errno: () => koffi.errno(),
  };
  return cached;
}
