/** Container images for testcontainers, pinned in this one place. */
export const IMAGES = {
  mysql: 'mysql:8.4.3',
  mongodb: 'mongo:7.0.14',
} as const;
