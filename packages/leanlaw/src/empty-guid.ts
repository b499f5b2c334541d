/**
 * The empty GUID. LeanLaw's PUTs are sparse: an omitted property, or one sent as `null`, keeps its current
 * value, so `null` cannot clear anything. To unset a GUID reference, send this value instead: a matter's
 * `practiceAreaId` (`updateMatter`) or a time entry's `fixedFeeId` (`updateTimeEntry`).
 * @example
 * await leanlaw.updateMatter({ id, practiceAreaId: EMPTY_GUID });
 */
export const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";
