// Runs once, on the first start of an empty data volume (the image's docker-entrypoint-initdb.d): the
// applications' user, allowed to read and write the cachekit database only. Its name and password come
// from the environment (.env), never from this file.
db.getSiblingDB('admin').createUser({
  user: process.env.MONGO_APP_USERNAME,
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: [{ role: 'readWrite', db: 'cachekit' }]
});
