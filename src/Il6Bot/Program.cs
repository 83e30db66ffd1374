using Il6Bot.Hosting;

WebApplication? app = null;
try
{
    app = Il6BotApp.Build(args, StartupFailureReport.LeaveToProgram);
    await app.StartAsync();
}
catch (Exception failure)
{
    var exitCode = StartupFailureReport.Write(failure, Console.Error);
    if (app is not null)
    {
        await app.DisposeAsync();
    }

    return exitCode;
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
