/** A point or vector in world space (metres). Positions travel as f64, velocities as f32. */
export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** A rotation as a unit quaternion (f32 components on the wire). */
export interface Quat {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;
}
