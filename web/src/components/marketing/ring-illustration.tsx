/** A packshot-style line drawing of a solitaire ring, used on the landing page. Decorative. */
export function RingIllustration({ className }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 320 320" className={className} fill="none">
      <defs>
        <linearGradient id="bez-band" x1="60" y1="160" x2="260" y2="250" gradientUnits="userSpaceOnUse">
          <stop offset="0" stopColor="#8a6a3b" />
          <stop offset="0.35" stopColor="#e3c98f" />
          <stop offset="0.55" stopColor="#b08d57" />
          <stop offset="0.8" stopColor="#f1dfb4" />
          <stop offset="1" stopColor="#7d6035" />
        </linearGradient>
        <linearGradient id="bez-stone" x1="130" y1="70" x2="190" y2="150" gradientUnits="userSpaceOnUse">
          <stop offset="0" stopColor="#ffffff" />
          <stop offset="0.5" stopColor="#e9eef2" />
          <stop offset="1" stopColor="#c9d3db" />
        </linearGradient>
        <radialGradient id="bez-shadow" cx="160" cy="282" r="110" gradientUnits="userSpaceOnUse">
          <stop offset="0" stopColor="#1a1714" stopOpacity="0.16" />
          <stop offset="1" stopColor="#1a1714" stopOpacity="0" />
        </radialGradient>
      </defs>
      <ellipse cx="160" cy="282" rx="110" ry="12" fill="url(#bez-shadow)" />
      {/* band */}
      <ellipse cx="160" cy="205" rx="92" ry="58" stroke="url(#bez-band)" strokeWidth="15" />
      <ellipse cx="160" cy="205" rx="84" ry="51" stroke="#fff" strokeOpacity="0.5" strokeWidth="1.2" />
      {/* prongs and setting */}
      <path d="M138 150c4 -10 10 -18 22 -18s18 8 22 18" stroke="url(#bez-band)" strokeWidth="7" strokeLinecap="round" />
      <path d="M140 140l-6 -22M180 140l6 -22M160 132v-12" stroke="#b08d57" strokeWidth="3" strokeLinecap="round" />
      {/* stone */}
      <path d="M126 96h68l14 18-48 44-48-44 14-18Z" fill="url(#bez-stone)" stroke="#8f9ba5" strokeWidth="1.2" strokeLinejoin="round" />
      <path
        d="M112 114h96M144 96l-8 18 24 44 24-44-8-18M136 114l24-18 24 18"
        stroke="#8f9ba5"
        strokeWidth="1"
        strokeLinejoin="round"
      />
      <path d="M150 104l6 -5" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      {/* sparkle */}
      <path d="M222 78v16M214 86h16" stroke="#b08d57" strokeWidth="1.4" strokeLinecap="round" />
      <path d="M98 70v10M93 75h10" stroke="#b08d57" strokeWidth="1.2" strokeLinecap="round" />
    </svg>
  );
}
