package io.pacer.scheduler.deploy;

/** What a deployment does to its app, named as Marathon's actions are (types/deploymentAction.raml). */
public enum DeploymentAction {
    StartApplication, ScaleApplication, RestartApplication, StopApplication
}
