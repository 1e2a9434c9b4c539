/*
 * Stock MySQL login: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mysql/login.js; auth0/docs articles/connections/database/custom-db/templates/login.md).
 * Adapted (bench/stock/README.md): mysql2, configuration.MYSQL_URL, the hash in `password_hash`
 * (the template's `password`), the connection ended once the query has answered.
 */
function login(email, password, callback) {
  const mysql = require('mysql2');
  const bcrypt = require('bcrypt');

  const connection = mysql.createConnection(configuration.MYSQL_URL);

  connection.connect();

  const query = 'SELECT id, nickname, email, password_hash FROM users WHERE email = ?';

  connection.query(query, [email], function (err, results) {
    connection.end();
    if (err) return callback(err);
    if (results.length === 0) return callback(new WrongUsernameOrPasswordError(email));
    const user = results[0];

    bcrypt.compare(password, user.password_hash, function (err, isValid) {
      if (err || !isValid) return callback(err || new WrongUsernameOrPasswordError(email));

      callback(null, {
        user_id: user.id.toString(),
        nickname: user.nickname,
        email: user.email,
      });
    });
  });
}
