import { Presence, TfElement } from "../../core";
import { Blocked } from "../blocked";
import { ExplanationCode } from "../result";

// Elements Terraform does not create (count 0, an empty for_each) or may not (an expression known
// at plan only): the network model leaves them out, and keeps those it needs to explain a block.

/**
 * Every presence: the elements read whether Terraform creates them or not.
 *
 * @internal
 */
export const ANY_PRESENCE: readonly Presence[] = ["present", "absent", "unknown"];

/**
 * What blocks when an element is needed but not created (ELEMENT_ABSENT), or may not be
 * (COUNT_UNKNOWN, unchecked): `what` names the element, e.g. "firewall rule allow-mesh".
 *
 * @internal
 */
export function notCreated(element: TfElement, what: string, consequence: string): Blocked {
  const absent = element.presence === "absent";
  const instances = element.instances ?? "count = 0";
  return absent
    ? {
        hop: `${what} (${instances})`,
        reason: `${consequence}, but Terraform does not create it (${instances})`,
        fix: `make Terraform create ${element.path}: remove its ${instances}, or let it create one instance at least`,
        code: ExplanationCode.ELEMENT_ABSENT,
      }
    : {
        hop: `${what} (${instances})`,
        reason: `${consequence}, but whether Terraform creates it is known only at plan time (${instances})`,
        fix: `give ${element.path} a literal count, or check this path after plan`,
        code: ExplanationCode.COUNT_UNKNOWN,
        unchecked: true,
      };
}
