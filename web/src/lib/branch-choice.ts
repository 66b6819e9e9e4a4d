/**
 * The branch the person last looked at (board and calendar share it). A cookie, not local storage,
 * so the server renders the same branch the browser would pick.
 */
export const BRANCH_COOKIE = 'zero_branch';

export const rememberBranch = (branchId: string) => {
  document.cookie = `${BRANCH_COOKIE}=${encodeURIComponent(branchId)}; path=/; max-age=31536000; samesite=lax`;
};

export const rememberedBranch = (): string | null => {
  const found = document.cookie.split('; ').find((pair) => pair.startsWith(`${BRANCH_COOKIE}=`));
  return found ? decodeURIComponent(found.slice(BRANCH_COOKIE.length + 1)) : null;
};
