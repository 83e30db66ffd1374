using Il6Bot.Hosting;

var app = Il6BotApp.Build(args);
await app.RunAsync();
