/**
 * The value `cache` holds for `key`, computed the first time it is asked for: a large topology
 * checks tens of thousands of paths over far fewer distinct routes, filters and endpoints.
 *
 * @internal
 */
export function memo<K, V>(
  cache: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  compute: () => V,
): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = compute()));
  return value;
}
