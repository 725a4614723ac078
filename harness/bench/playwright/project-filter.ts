// Each Playwright project runs one profile's describe block: the project's `grep` matches the
// describe title made here (the title path is matched, and the project name never contains it).

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function profileDescribeTitle(profile: string): string {
  return `profile «${profile}»`;
}

export function profileGrep(profile: string): RegExp {
  return new RegExp(escape(profileDescribeTitle(profile)));
}
