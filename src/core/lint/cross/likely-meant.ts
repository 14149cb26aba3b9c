/**
 * The guess, unless it differs from the name only in dashes (`ray-cluster-…` and `raycluster-…`): two ways of naming a
 * release, more often two objects than a typo, and renaming the reference would send the traffic to the other one.
 */
export function likelyMeant(name: string, guess: string | undefined): string | undefined {
  return guess !== undefined && guess.replace(/-/g, '') !== name.replace(/-/g, '') ? guess : undefined;
}
