import { ROLES, type Role } from '@/lib/policies';
import { hashPassword } from './auth/password';
import type { Storage } from './storage/types';

const DEMO_NAMES: Record<Role, string> = {
  admin: 'Aylin Aliyeva',
  drafter: 'Daniyar Seitkali',
  reviewer: 'Rustam Karimov',
  approver: 'Aigerim Bekova',
  publisher: 'Péter Horváth',
  viewer: 'Viktoriya Orlova',
};

/**
 * On first start against an empty database, creates one demo user per role,
 * `<role>@example.org`, all with the given password. Does nothing once any user exists.
 */
export async function seedDemoUsers(storage: Storage, password: string): Promise<boolean> {
  if ((await storage.countUsers()) > 0) return false;
  const passwordHash = await hashPassword(password);
  for (const role of ROLES) {
    await storage.createUser({ email: `${role}@example.org`, name: DEMO_NAMES[role], role, passwordHash });
  }
  return true;
}
