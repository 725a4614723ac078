// Create a TUN device (layer 3, no packet-info header) and return its non-blocking fd.
// The device lives as long as the fd is open (not persistent), so killing the process that
// holds it removes the device too.
import { libc, O_CLOEXEC, O_NONBLOCK, O_RDWR } from './libc.ts';

const TUNSETIFF = 0x400454ca;
const IFF_TUN = 0x0001;
const IFF_NO_PI = 0x1000;
const IFNAMSIZ = 16;

export function openTun(name: string): number {
  if (Buffer.byteLength(name) >= IFNAMSIZ) throw new Error(`TUN name "${name}" is longer than ${IFNAMSIZ - 1} bytes`);
  const c = libc();
  const fd = c.open('/dev/net/tun', O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw new Error(`open /dev/net/tun failed (errno ${c.errno()})`);
  // struct ifreq: char ifr_name[16]; short ifr_flags; padded to 40 bytes.
  const ifr = Buffer.alloc(40);
  ifr.write(name, 0, 'latin1');
  ifr.writeUInt16LE(IFF_TUN | IFF_NO_PI, IFNAMSIZ);
  if (c.ioctl(fd, TUNSETIFF, ifr) < 0) {
    const errno = c.errno();
    c.close(fd);
    throw new Error(`ioctl TUNSETIFF ${name} failed (errno ${errno}); needs CAP_NET_ADMIN`);
  }
  return fd;
}
