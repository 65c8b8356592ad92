/** What feeds an input port, and the options a port is made with. */

/** Where an input port's bytes come from. The port calls these; the source calls `push…`. */
export interface InputSource {
  /** Deliver bytes (again): the port has room or a reader needs more. */
  resume(): void;
  /** Stop delivering until `resume`: the port's buffer is full. */
  pause(): void;
  /** The port is closed: stop for good and release resources. */
  close(): void;
}

export type InputBufferMode = 'block' | 'none';

export interface InputPortOptions {
  /** Bytes buffered before the source is paused. */
  readonly highWater?: number;
  /** `false` for ports that have no buffer mode (pipes). */
  readonly bufferMode?: InputBufferMode | false;
}
