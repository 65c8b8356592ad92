/** The UDP parts of `rnet demo` (none until racket-net/udp lands). */
import { type Evt } from '../evt/evt.js';

export interface UdpDemo {
  readonly datagramEvt: Evt<string>;
  readonly sendDatagram: (text: string) => Promise<void>;
}

export async function openUdpDemo(say: (line: string) => void): Promise<UdpDemo | null> {
  say('\n(UDP is not in this build: its round trip is skipped)');
  return null;
}
