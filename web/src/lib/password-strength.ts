/**
 * A gentle strength hint for new passwords. Not a gate beyond the minimum length: long passphrases are
 * encouraged over symbol soup.
 */
export const minPasswordLength = 8;

export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  level: StrengthLevel;
  label: "Too short" | "Weak" | "Fair" | "Good" | "Strong";
  tip: string;
}

const common = /^(?:password|passw0rd|qwerty|letmein|welcome|iloveyou|admin|abc123|123456|jewel(?:ry|ler)?)/i;

export function passwordStrength(password: string): Strength {
  if (password.length < minPasswordLength) {
    return { level: 0, label: "Too short", tip: `Use at least ${minPasswordLength} characters.` };
  }
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const unique = new Set(password).size;
  let score = 0;
  if (password.length >= 10) score++;
  if (password.length >= 14) score++;
  if (password.length >= 20) score++;
  if (classes >= 3) score++;
  if (unique < 5 || common.test(password) || /^(.)\1+$/.test(password)) score = 0;
  const level = Math.max(1, Math.min(4, score)) as StrengthLevel;
  const tips: Record<Exclude<StrengthLevel, 0>, Strength> = {
    1: { level: 1, label: "Weak", tip: "Easy to guess. A few unrelated words make a strong, memorable passphrase." },
    2: { level: 2, label: "Fair", tip: "Getting there: more length helps more than symbols." },
    3: { level: 3, label: "Good", tip: "A password manager can keep it for you." },
    4: { level: 4, label: "Strong", tip: "Keep it unique to Bez." },
  };
  return tips[level as Exclude<StrengthLevel, 0>];
}
