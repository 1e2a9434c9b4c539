/*
 * Stock MongoDB login: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mongo/login.js; auth0/docs articles/connections/database/custom-db/templates/login.md).
 * Adapted (bench/stock/README.md): the served mongodb driver's promises for mongodb@3.1.4's callbacks,
 * configuration.MONGODB_URL and MONGODB_DATABASE, the hash in `password_hash` (the template's `password`).
 */
function login(email, password, callback) {
  const bcrypt = require('bcrypt');
  const MongoClient = require('mongodb').MongoClient;
  const client = new MongoClient(configuration.MONGODB_URL);

  client.connect().then(function () {
    const db = client.db(configuration.MONGODB_DATABASE);
    const users = db.collection('users');

    users.findOne({ email: email }).then(
      function (user) {
        if (!user) {
          client.close();
          return callback(new WrongUsernameOrPasswordError(email));
        }

        bcrypt.compare(password, user.password_hash, function (err, isValid) {
          client.close();

          if (err || !isValid) return callback(err || new WrongUsernameOrPasswordError(email));

          return callback(null, {
            user_id: user._id.toString(),
            nickname: user.nickname,
            email: user.email,
          });
        });
      },
      function (err) {
        client.close();
        return callback(err);
      },
    );
  }, callback);
}
