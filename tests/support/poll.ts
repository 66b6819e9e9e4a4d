/** Reads `read` every 200 ms until it gives `wanted` or `ms` pass; answers the last value read. */
export const pollUntil = async <T>(read: () => Promise<T>, wanted: T, ms = 10_000): Promise<T> => {
  const deadline = Date.now() + ms;
  let value = await read();
  while (value !== wanted && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
};
