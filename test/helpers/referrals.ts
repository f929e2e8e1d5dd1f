import type { Referral } from '../../referrals/schema.js';
import { route } from '../../routing/engine.js';

export const sampleReferral: Referral = {
  pupilName: 'Sam Pupil', dateOfBirth: '2012-01-15', yearGroup: 9, upn: undefined, school: 'Oak Academy',
  referrerName: 'Head Teacher', referrerRole: 'Head', referrerContact: 'head@oak.sch.uk',
  hasEhcp: false, lookedAfter: true, permanentlyExcluded: true, exclusionStartDate: '2026-11-20', suspensionDays: 0, suspensionStartDate: null,
  medicalNeeds: false, onSchoolRoll: true, notInFullTimeEducation: false,
  reason: 'Permanently excluded after an assault.', requested: 'Day-one provision', parentsInformed: true, pupilViews: undefined,
};
export const routeOf = (r: Referral) =>
  route({ ageYears: 14, yearGroup: r.yearGroup, hasEhcp: r.hasEhcp, lookedAfter: r.lookedAfter, permanentlyExcluded: r.permanentlyExcluded, exclusionStartDate: r.exclusionStartDate, suspensionDays: r.suspensionDays, medicalNeeds: r.medicalNeeds, onSchoolRoll: r.onSchoolRoll, reason: r.reason, requested: r.requested });

